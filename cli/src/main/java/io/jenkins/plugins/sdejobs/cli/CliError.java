package io.jenkins.plugins.sdejobs.cli;

/** A problem to report in one line and exit with {@link #code}; never shown with a stack trace. */
final class CliError extends RuntimeException {
    final int code;

    CliError(int code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    static CliError usage(String message) {
        return new CliError(Exit.USAGE, message);
    }
}
