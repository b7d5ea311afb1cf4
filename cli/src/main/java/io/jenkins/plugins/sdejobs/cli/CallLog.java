package io.jenkins.plugins.sdejobs.cli;

import io.jenkins.plugins.sdejobs.engine.CallListener;
import io.jenkins.plugins.sdejobs.engine.Durations;
import io.jenkins.plugins.sdejobs.engine.Job;
import io.jenkins.plugins.sdejobs.engine.SdeException;
import java.io.PrintStream;
import java.time.Duration;

/** What the client does on its own, on stderr: each retry (so "connection refused" is never silent) and each adopted job. */
final class CallLog implements CallListener {
    private final PrintStream err;

    CallLog(PrintStream err) { this.err = err; }

    @Override
    public void onRetry(String call, SdeException error, int attempt, Duration delay) {
        err.println("sde-jobs: " + call + " failed: " + error.getMessage() + " Trying again (attempt " + attempt + ") in "
                + Durations.format(delay) + ".");
    }

    @Override
    public void onAdopted(String call, SdeException error, Job job) {
        err.println("sde-jobs: " + call + " failed (" + (error == null ? "no answer" : error.getMessage()) + "), but SD Elements had created "
                + job.describe() + ": following it, not starting another.");
    }
}
