package io.jenkins.plugins.sdejobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Scenario 11, last: with every Jenkins of the suite stopped, no file under any JENKINS_HOME (build logs,
 * build.xml, program.dat, configuration) holds the plain text of a token or of a secret connection param.
 */
@Order(Integer.MAX_VALUE)
class NothingSecretOnDiskIT {

    @Test
    void noHomeHoldsASecretAndThePlantedOneIsFound() throws IOException {
        Suite.jenkins(); // at least the shared one, even when this class runs alone
        Suite.stopAll();
        List<String> secrets = new ArrayList<>();
        Suite.simulators().forEach(s -> secrets.addAll(s.secrets()));
        assertThat(secrets).as("secrets to look for").isNotEmpty();

        for (JenkinsInstance j : Suite.all()) {
            String planted = "planted-" + Long.toHexString(System.nanoTime());
            Files.writeString(j.home().resolve("jobs").resolve("planted.txt"), planted);
            List<String> withPlanted = new ArrayList<>(secrets);
            withPlanted.add(planted);

            List<String> found = SecretScan.findings(j.home(), withPlanted);

            assertThat(found).as("positive control in " + j.home()).contains("jobs/planted.txt: secret #" + (withPlanted.size() - 1));
            assertThat(found).as("secrets on disk in " + j.home()).hasSize(1);
        }
    }
}
