package io.jenkins.plugins.sdejobs.cli;

/** The exit codes scripts rely on. Keep them exact: they are the CLI's contract. */
final class Exit {
    /** Done, and the job (if any) succeeded. */
    static final int OK = 0;
    /** The job finished with {@code succeeded:false}; for a risk-policy check, the project is not compliant. */
    static final int JOB_FAILED = 1;
    /** Usage or bad input; nothing was started or recorded (at most a connection's name was looked up). */
    static final int USAGE = 2;
    /** Timed out waiting; the job keeps running. */
    static final int TIMEOUT = 3;
    /** The server refused or failed, or could not be reached. */
    static final int SERVER = 4;
    /** A risk-policy check found the project's compliance undetermined (an unfinished survey, for example). */
    static final int UNDETERMINED = 5;
    /** A bug in sde-jobs itself. */
    static final int INTERNAL = 70;
    /** Interrupted (Ctrl-C). */
    static final int INTERRUPTED = 130;

    private Exit() {
    }
}
