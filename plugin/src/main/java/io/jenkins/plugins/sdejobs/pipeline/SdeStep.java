package io.jenkins.plugins.sdejobs.pipeline;

import hudson.Util;
import io.jenkins.plugins.sdejobs.engine.JobKind;

/** A step about jobs or connections of one kind, on a server: the kind, checked when the step runs. */
public abstract class SdeStep extends SdeServerStep {
    private final String kind;

    protected SdeStep(String kind) {
        this.kind = Util.fixNull(kind).trim();
    }

    public String getKind() { return kind; }

    /** The parsed kind; only call after {@link #validate()}. */
    public JobKind kind() { return JobKind.parse(kind); }

    @Override
    void validate() {
        kind();
    }
}
