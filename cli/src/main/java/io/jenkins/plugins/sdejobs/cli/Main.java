package io.jenkins.plugins.sdejobs.cli;

/** The process entry point of {@code bin/sde-jobs}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        // A live status line only when a person is watching: stdin and stdout on a terminal, and a capable one.
        boolean live = System.console() != null && !"dumb".equals(System.getenv("TERM"))
                && System.getenv("CI") == null;
        System.exit(SdeJobsCli.execute(args, System.getenv(), System.out, System.err, live));
    }
}
