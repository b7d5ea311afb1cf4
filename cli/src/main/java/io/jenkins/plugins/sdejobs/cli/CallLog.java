package io.jenkins.plugins.sdejobs.cli;

import io.jenkins.plugins.sdejobs.engine.CallListener;
import io.jenkins.plugins.sdejobs.engine.Durations;
import io.jenkins.plugins.sdejobs.engine.Job;
import io.jenkins.plugins.sdejobs.engine.SdeException;
import java.io.PrintStream;
import io.jenkins.plugins.sdejobs.engine.RetryDecision;

/** What the client does on its own, on stderr: each retry (so "connection refused" is never silent) and each adopted job. */
final class CallLog implements CallListener {
    private final PrintStream err;

    CallLog(PrintStream err) { this.err = err; }

    @Override
    public void onRetryDecision(String call, SdeException error, int attempt, RetryDecision decision) {
        if (decision instanceof RetryDecision.Retry retry) {
            err.println("sde-jobs: " + call + " failed: " + error.getMessage() + " Trying again (attempt " + (attempt + 1)
                    + ") in " + Durations.format(retry.delay()) + ".");
        } else if (decision instanceof RetryDecision.GiveUp giveUp) {
            err.println("sde-jobs: " + call + " failed " + attempt + " times; giving up (" + giveUp.why().label() + ").");
        }
    }

    @Override
    public void onAdopted(String call, SdeException error, Job job) {
        err.println("sde-jobs: " + call + " failed (" + (error == null ? "no answer" : error.getMessage()) + "), but SD Elements had created "
                + job.describe() + ": following it, not starting another.");
    }
}
