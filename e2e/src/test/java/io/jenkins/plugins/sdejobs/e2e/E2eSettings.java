package io.jenkins.plugins.sdejobs.e2e;

import java.nio.file.Files;
import java.nio.file.Path;

/** What e2e/run hands the suite, as environment variables and system properties. */
final class E2eSettings {
    private E2eSettings() {
    }

    /** The packaged plugin under test. */
    static Path hpi() {
        return required("E2E_HPI");
    }

    /**
     * The previous release of the plugin, built by e2e/run from this repository's history
     * ({@code E2E_HPI_PREVIOUS}), or null where it could not be built.
     */
    static Path previousHpi() {
        String value = System.getenv("E2E_HPI_PREVIOUS");
        return value == null || value.isBlank() || !Files.exists(Path.of(value)) ? null : Path.of(value);
    }

    /** Where Jenkins homes and logs go (target/e2e). */
    static Path workDir() {
        return Path.of(System.getProperty("e2e.workDir", "target/e2e")).toAbsolutePath();
    }

    /** Where the browser's screenshots go (target/e2e/screenshots); docs/images holds the ones the docs show. */
    static Path screenshots() {
        return workDir().resolve("screenshots");
    }

    /** An environment variable naming a file or folder that must exist; a clear error otherwise. */
    static Path required(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set: run the suite with e2e/run");
        }
        Path p = Path.of(value);
        if (!Files.exists(p)) {
            throw new IllegalStateException(name + "=" + value + " does not exist");
        }
        return p;
    }
}
