package io.jenkins.plugins.sdejobs.e2e;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * An official {@code jenkins.war} run with {@code java -jar}, for machines that have one. The plugins it needs
 * (the Pipeline set, credentials, configuration-as-code, ...) come from the folder {@code E2E_JENKINS_PLUGINS};
 * the Java from {@code E2E_JENKINS_JAVA}, or the one running the suite.
 */
final class WarLauncher implements JenkinsLauncher {
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private final Path war;
    private final Path plugins;
    private final Path hpi;
    private final Map<Path, Process> running = new ConcurrentHashMap<>();

    WarLauncher(Path war, Path plugins, Path hpi) {
        this.war = war;
        this.plugins = plugins;
        this.hpi = hpi;
    }

    @Override
    public void start(Path home, int port, List<String> javaOptions) throws IOException, InterruptedException {
        Path pluginDir = Files.createDirectories(home.resolve("plugins"));
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(plugins, "*.{jpi,hpi}")) {
            for (Path p : ds) {
                install(p, pluginDir);
            }
        }
        install(hpi, pluginDir);
        Path log = home.resolve("jenkins.log");
        List<String> cmd = new ArrayList<>(List.of(java(), "-Xmx2g", "-Djava.awt.headless=true",
                "-Djenkins.install.runSetupWizard=false", "-Dhudson.model.UpdateCenter.never=true",
                "-Dhudson.model.DownloadService.never=true"));
        cmd.addAll(javaOptions);
        cmd.addAll(List.of("-jar", war.toString(), "--httpPort=" + port, "--httpListenAddress=127.0.0.1",
                "--prefix=/jenkins"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("JENKINS_HOME", home.toString());
        Process p = pb.start();
        running.put(home, p);
        Instant until = Instant.now().plus(START_TIMEOUT);
        while (!Files.readString(log).contains("Jenkins is fully up and running")) {
            if (!p.isAlive() || Instant.now().isAfter(until)) {
                p.destroyForcibly();
                throw new IOException("Jenkins from " + war + " did not come up; see " + log);
            }
            Thread.sleep(250);
        }
    }

    @Override
    public void stop(Path home) throws InterruptedException {
        Process p = running.remove(home);
        if (p == null) {
            return;
        }
        p.destroy(); // SIGTERM: Jenkins shuts down cleanly and saves running Pipelines
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
        }
    }

    @Override
    public String describe() { return "Jenkins from " + war + " with the plugins in " + plugins; }

    /** Copies a plugin in as NAME.jpi, replacing any exploded copy of an older file. */
    private static void install(Path plugin, Path pluginDir) throws IOException {
        String name = plugin.getFileName().toString().replaceFirst("\\.[hj]pi$", "");
        Files.copy(plugin, pluginDir.resolve(name + ".jpi"), StandardCopyOption.REPLACE_EXISTING);
    }

    private static String java() {
        String configured = System.getenv("E2E_JENKINS_JAVA");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        return ProcessHandle.current().info().command().orElse("java");
    }
}
