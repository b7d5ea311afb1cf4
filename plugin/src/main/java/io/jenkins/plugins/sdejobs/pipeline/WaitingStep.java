package io.jenkins.plugins.sdejobs.pipeline;

import hudson.Util;
import org.kohsuke.stapler.DataBoundSetter;

/** A step that waits for a job: whether a failed job fails the build, and how long to wait. */
public abstract class WaitingStep extends SdeStep {
    private boolean propagate = true;
    private String timeout;

    protected WaitingStep(String kind) {
        super(kind);
    }

    public boolean isPropagate() { return propagate; }

    /** When the job finishes with succeeded:false, fail the build (the default) rather than return the result. */
    @DataBoundSetter
    public void setPropagate(boolean propagate) { this.propagate = propagate; }

    public String getTimeout() { return timeout; }

    /** How long to wait, e.g. {@code 30m}; refused when the step is written if it is not a positive duration. */
    @DataBoundSetter
    public void setTimeout(String timeout) {
        SdeStep.timeout(timeout);
        this.timeout = Util.fixEmptyAndTrim(timeout);
    }
}
