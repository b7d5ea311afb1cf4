package io.jenkins.plugins.sdejobs.pipeline;

import hudson.Util;
import org.kohsuke.stapler.DataBoundSetter;

/** A step that waits for a job: whether a failed job fails the build, and how long to wait. */
public abstract class WaitingStep extends SdeStep {
    /** Null until a script sets it: {@link #isPropagateGiven}, so that setting it where it means nothing is said. */
    private Boolean propagate;
    private String timeout;

    protected WaitingStep(String kind) {
        super(kind);
    }

    public boolean isPropagate() { return propagate == null || propagate; }

    /** Whether the script gave {@code propagate} at all. */
    boolean isPropagateGiven() { return propagate != null; }

    /** When the job finishes with succeeded:false, fail the build (the default) rather than return the result. */
    @DataBoundSetter
    public void setPropagate(boolean propagate) { this.propagate = propagate; }

    public String getTimeout() { return timeout; }

    /** How long to wait, e.g. {@code 30m}; checked when the step runs. */
    @DataBoundSetter
    public void setTimeout(String timeout) { this.timeout = Util.fixEmptyAndTrim(timeout); }

    @Override
    void validate() {
        super.validate();
        try {
            SdeStep.timeout(timeout);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("timeout: " + e.getMessage());
        }
    }
}
