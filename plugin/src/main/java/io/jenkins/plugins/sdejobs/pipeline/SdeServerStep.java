package io.jenkins.plugins.sdejobs.pipeline;

import hudson.AbortException;
import hudson.Util;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.sdejobs.Messages;
import io.jenkins.plugins.sdejobs.engine.ConnectionNames;
import io.jenkins.plugins.sdejobs.engine.Durations;
import java.time.Duration;
import java.util.Set;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * What every SD Elements step has: optionally which configured server and which credentials to use. Optional
 * settings are written back only when set, so the Snippet Generator omits defaults.
 */
public abstract class SdeServerStep extends Step {
    /** None of the steps needs a node or workspace: they only talk HTTP, off the Pipeline thread. */
    static final Set<Class<?>> CONTEXT = Set.of(Run.class, TaskListener.class, FlowNode.class);

    private String server;
    private String credentialsId;

    @Override
    public final StepExecution start(StepContext context) throws Exception {
        try {
            validate();
        } catch (IllegalArgumentException e) {
            throw new AbortException(getDescriptor().getFunctionName() + ": " + e.getMessage());
        }
        return execution(context);
    }

    /**
     * Checks every argument when the step runs ({@link #start}), so a bad one fails with one line, not a trace; the
     * exception's message names the argument and what it may be.
     */
    abstract void validate();

    abstract StepExecution execution(StepContext context);

    public String getServer() { return server; }

    /** The name of a server from the global configuration; by default, the default server. */
    @DataBoundSetter
    public void setServer(String server) { this.server = Util.fixEmptyAndTrim(server); }

    public String getCredentialsId() { return credentialsId; }

    /** A Secret text credential id, resolved against the build (so folder credentials work); overrides the server's. */
    @DataBoundSetter
    public void setCredentialsId(String credentialsId) { this.credentialsId = Util.fixEmptyAndTrim(credentialsId); }

    /**
     * Checks a connection as a script gives it, an id or an alias, before anything is sent; returns it trimmed.
     * An alias is looked up on the server when the step runs.
     */
    static String connection(String text) {
        String c = Util.fixEmptyAndTrim(text);
        if (c == null) {
            throw new IllegalArgumentException(Messages.SdeJobStep_BadConnection("an empty value"));
        }
        ConnectionNames.id(c); // digits must be a positive id
        return c;
    }

    /** Parses a timeout such as {@code 30m}; null when none was given. */
    static Duration timeout(String text) {
        return Util.fixEmptyAndTrim(text) == null ? null : Durations.parse(text);
    }
}
