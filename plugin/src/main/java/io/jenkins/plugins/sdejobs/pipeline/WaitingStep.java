package io.jenkins.plugins.sdejobs.pipeline;

import hudson.Util;
import io.jenkins.plugins.sdejobs.FailedJobResult;
import io.jenkins.plugins.sdejobs.Messages;
import org.kohsuke.stapler.DataBoundSetter;

/** A step that waits for a job: whether a failed job fails the build, and how long to wait. */
public abstract class WaitingStep extends SdeStep {
    /** Null until a script sets it: {@link #isPropagateGiven}, so that setting it where it means nothing is said. */
    private Boolean propagate;
    private String timeout;
    private String failedJobResult;

    protected WaitingStep(String kind) {
        super(kind);
    }

    public boolean isPropagate() { return propagate == null || propagate; }

    /** Whether the script gave {@code propagate} at all. */
    boolean isPropagateGiven() { return propagate != null; }

    /** When the job finishes with succeeded:false, fail the build (the default) rather than return the result. */
    @DataBoundSetter
    public void setPropagate(boolean propagate) { this.propagate = propagate; }

    public String getFailedJobResult() { return failedJobResult; }

    /**
     * What a job that finished with {@code succeeded: false} makes the build: FAILURE, UNSTABLE (the build and the
     * step's stage marked unstable, the Map returned) or SUCCESS (only logged). Unset: {@code propagate} decides.
     */
    @DataBoundSetter
    public void setFailedJobResult(String failedJobResult) { this.failedJobResult = Util.fixEmptyAndTrim(failedJobResult); }

    /** What a failed job makes the build: {@code failedJobResult} if given, else FAILURE, or SUCCESS with {@code propagate: false}. */
    FailedJobResult failedJobOutcome() {
        if (failedJobResult != null) {
            return FailedJobResult.parse(failedJobResult);
        }
        return isPropagate() ? FailedJobResult.FAILURE : FailedJobResult.SUCCESS;
    }

    public String getTimeout() { return timeout; }

    /** How long to wait, e.g. {@code 30m}; checked when the step runs. */
    @DataBoundSetter
    public void setTimeout(String timeout) { this.timeout = Util.fixEmptyAndTrim(timeout); }

    @Override
    void validate() {
        super.validate();
        if (failedJobResult != null) {
            FailedJobResult r = FailedJobResult.parse(failedJobResult);
            if (isPropagateGiven() && !isPropagate() && r != FailedJobResult.SUCCESS) { // "never change the result"
                throw new IllegalArgumentException(Messages.WaitingStep_Contradiction(r.name()));
            }
        }
        try {
            SdeStep.timeout(timeout);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("timeout: " + e.getMessage());
        }
    }
}
