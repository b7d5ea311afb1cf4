package io.jenkins.plugins.sdejobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scan that scenario 11 relies on finds what is there, in text and binary files, and nothing else. */
class SecretScanTest {
    @TempDir
    Path home;

    @Test
    void findsSecretsInTextAndBinaryFilesAndNamesNoSecret() throws Exception {
        Files.createDirectories(home.resolve("jobs/p/builds/1"));
        Files.writeString(home.resolve("jobs/p/builds/1/log"), "line\nbind_password=s3cr3t-B1nd\n");
        Files.write(home.resolve("jobs/p/builds/1/program.dat"),
                new byte[] {(byte) 0xAC, (byte) 0xED, 0, 5, 't', 0, 10, 't', 'o', 'k', '-', '0', '1', '2', '3', '4', '5'});
        Files.writeString(home.resolve("config.xml"), "<hudson/>", StandardCharsets.UTF_8);

        List<String> found = SecretScan.findings(home, List.of("s3cr3t-B1nd", "tok-012345", "never-written"));

        assertThat(found).containsExactlyInAnyOrder("jobs/p/builds/1/log: secret #0", "jobs/p/builds/1/program.dat: secret #1");
        assertThat(String.join("\n", found)).doesNotContain("s3cr3t").doesNotContain("tok-0");
    }

    @Test
    void aCleanFolderHasNoFindings() throws Exception {
        Files.writeString(home.resolve("credentials.xml"), "<secret>{AQAAABAAAAAQ...}</secret>");
        assertThat(SecretScan.findings(home, List.of("plain-token-value"))).isEmpty();
    }
}
