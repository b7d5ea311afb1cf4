package io.jenkins.plugins.sdejobs.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Jenkins built from source by ../shared/tools/jenkins-from-source: its {@code start} and {@code stop} commands. */
final class ToolLauncher implements JenkinsLauncher {
    private final Path tool;
    private final Path hpi;

    ToolLauncher(Path tool, Path hpi) {
        this.tool = tool;
        this.hpi = hpi;
    }

    @Override
    public void start(Path home, int port, List<String> javaOptions) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(tool.resolve("start").toString(), "--home", home.toString(),
                "--port", Integer.toString(port), "--all-plugins", "--plugins", hpi.toString()));
        for (String o : javaOptions) {
            cmd.add("--java-opt");
            cmd.add(o);
        }
        run(cmd, home.resolveSibling(home.getFileName() + "-start.log"));
    }

    @Override
    public void stop(Path home) throws IOException, InterruptedException {
        run(List.of(tool.resolve("stop").toString(), "--home", home.toString()),
                home.resolveSibling(home.getFileName() + "-stop.log"));
    }

    @Override
    public String describe() { return "Jenkins from " + tool; }

    private static void run(List<String> cmd, Path log) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed (exit " + p.exitValue() + "); see " + log);
        }
    }
}
