package io.jenkins.plugins.sdejobs.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The process entry point of {@code bin/sde-jobs}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        // --progress=auto: a live status line only when a person is watching: stdin and stdout on a terminal (all
        // that Java itself can tell), stderr too where Linux's /proc says so, a capable terminal, and no CI.
        boolean live = System.console() != null && stderrIsATerminal() && !"dumb".equals(System.getenv("TERM"))
                && System.getenv("CI") == null;
        System.exit(SdeJobsCli.execute(args, System.getenv(), System.out, System.err, live));
    }

    /** Where /proc/self/fd/2 exists (Linux) it names stderr's target; elsewhere there is no telling, so yes. */
    private static boolean stderrIsATerminal() {
        Path fd2 = Path.of("/proc/self/fd/2");
        try {
            String target = Files.readSymbolicLink(fd2).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException e) {
            return !Files.exists(fd2);
        }
    }
}
