package io.jenkins.plugins.sdejobs.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Looks for secret values in every file under a folder, byte for byte (so also in binary files such as program.dat). */
final class SecretScan {
    private SecretScan() {
    }

    /**
     * "file: secret #n" (n: the index in {@code secrets}) for each file that holds one of them; the secret itself
     * is never repeated. Values shorter than 6 characters are too common to look for.
     */
    static List<String> findings(Path dir, List<String> secrets) {
        List<String> found = new ArrayList<>();
        List<String> wanted = secrets.stream().map(s -> s != null && s.length() >= 6 ? s : null).toList();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                for (int i = 0; i < wanted.size(); i++) {
                    if (wanted.get(i) != null && content.contains(new String(wanted.get(i).getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1))) {
                        found.add(dir.relativize(f) + ": secret #" + i);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }
}
