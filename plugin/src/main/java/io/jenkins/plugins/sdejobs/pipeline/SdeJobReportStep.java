package io.jenkins.plugins.sdejobs.pipeline;

import hudson.Extension;
import hudson.util.FormValidation;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;
import io.jenkins.plugins.sdejobs.JobResults;
import io.jenkins.plugins.sdejobs.Forms;
import io.jenkins.plugins.sdejobs.Messages;
import io.jenkins.plugins.sdejobs.SdeJobsAction;
import io.jenkins.plugins.sdejobs.SdeTarget;
import io.jenkins.plugins.sdejobs.engine.Trigger;
import io.jenkins.plugins.sdejobs.engine.Outcome;
import io.jenkins.plugins.sdejobs.engine.Futures;
import io.jenkins.plugins.sdejobs.engine.Job;
import io.jenkins.plugins.sdejobs.engine.JobKind;
import java.io.IOException;
import hudson.model.Run;
import java.util.concurrent.CompletableFuture;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code sdeJobReport(kind: 'analysis', connection: 7, succeeded: true, message: '...')}: records the result of
 * a job run elsewhere (the API's "Post Results"). Returns the recorded job as a Map.
 */
public final class SdeJobReportStep extends SdeStep {
    /** An id or an alias, as {@link SdeJobStep}'s. */
    private final String connection;
    private final boolean succeeded;
    private final String message;
    private boolean automatic;

    @DataBoundConstructor
    public SdeJobReportStep(String kind, String connection, boolean succeeded, String message) {
        super(kind);
        this.connection = hudson.Util.fixEmptyAndTrim(connection);
        this.succeeded = succeeded;
        this.message = message;
    }

    public String getConnection() { return connection; }

    public boolean isSucceeded() { return succeeded; }

    public String getMessage() { return message; }

    public boolean isAutomatic() { return automatic; }

    @DataBoundSetter
    public void setAutomatic(boolean automatic) { this.automatic = automatic; }

    @Override
    void validate() {
        super.validate();
        SdeStep.connection(connection);
        if (message == null) {
            throw new IllegalArgumentException(Messages.SdeJobReportStep_NoMessage());
        }
    }

    @Override
    StepExecution execution(StepContext context) {
        return new Execution(context, this);
    }

    /** Holds plain copies of the step's fields: the execution is saved with the Pipeline, the step is not. */
    private static final class Execution extends CallExecution<Job> {
        private static final long serialVersionUID = 1L;
        private final String kind;
        private final String connection;
        private final boolean succeeded;
        private final String message;
        private final boolean automatic;

        Execution(StepContext context, SdeJobReportStep step) {
            super(context, step.getServer(), step.getCredentialsId());
            this.kind = step.kind().id();
            this.connection = step.connection;
            this.succeeded = step.succeeded;
            this.message = step.message;
            this.automatic = step.automatic;
        }

        @Override
        CompletableFuture<Job> send(SdeTarget target) {
            JobKind k = JobKind.parse(kind);
            return Futures.thenOnValue(target.client().connectionIdAsync(k, connection), id -> target.client().recordResultAsync(k, id,
                    succeeded ? Outcome.succeeded(message) : Outcome.failed(message), Trigger.of(automatic)));
        }

        @Override
        Object returned(Job job, SdeTarget target) {
            String server = target.server().getName();
            try {
                SdeJobsAction.record(getContext().get(Run.class), job, server, target.client());
            } catch (IOException | InterruptedException e) {
                listener().getLogger().println("[SD Elements] " + Messages.JobExecution_CouldNotRecord(e.getClass().getSimpleName()));
            }
            return JobResults.toMap(job, server);
        }

        @Override
        boolean repeatable() { return false; }

        @Override
        String interruptedByRestart() {
            return Messages.SdeJobReportStep_RestartedWhileRecording(kind, connection);
        }
    }

    @Extension
    public static final class DescriptorImpl extends SdeStepDescriptor {
        @Override
        public String getFunctionName() { return "sdeJobReport"; }

        @Override
        public String getDisplayName() { return Messages.SdeJobReportStep_DisplayName(); }

        @POST
        public FormValidation doCheckConnection(@QueryParameter String value) {
            return Forms.checkConnectionText(value);
        }
    }
}
