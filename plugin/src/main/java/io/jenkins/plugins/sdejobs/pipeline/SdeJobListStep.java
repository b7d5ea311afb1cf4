package io.jenkins.plugins.sdejobs.pipeline;

import hudson.Extension;
import hudson.Util;
import io.jenkins.plugins.sdejobs.JobResults;
import io.jenkins.plugins.sdejobs.Messages;
import io.jenkins.plugins.sdejobs.SdeTarget;
import io.jenkins.plugins.sdejobs.engine.Futures;
import io.jenkins.plugins.sdejobs.engine.Job;
import io.jenkins.plugins.sdejobs.engine.JobFilter;
import io.jenkins.plugins.sdejobs.engine.JobKind;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/** {@code sdeJobList(kind: 'alm', connection: 12, succeeded: false)}: every matching job, all pages, as a List of Maps. */
public final class SdeJobListStep extends SdeStep {
    private String connection;
    private Boolean ready;
    private Boolean succeeded;
    private Boolean automatic;
    private String user;

    @DataBoundConstructor
    public SdeJobListStep(String kind) {
        super(kind);
    }

    public String getConnection() { return connection; }

    /** Only that connection's jobs: its id or its alias, checked when the step runs. */
    @DataBoundSetter
    public void setConnection(String connection) { this.connection = Util.fixEmptyAndTrim(connection); }

    public Boolean getReady() { return ready; }

    @DataBoundSetter
    public void setReady(Boolean ready) { this.ready = ready; }

    public Boolean getSucceeded() { return succeeded; }

    @DataBoundSetter
    public void setSucceeded(Boolean succeeded) { this.succeeded = succeeded; }

    public Boolean getAutomatic() { return automatic; }

    @DataBoundSetter
    public void setAutomatic(Boolean automatic) { this.automatic = automatic; }

    public String getUser() { return user; }

    @DataBoundSetter
    public void setUser(String user) { this.user = Util.fixEmptyAndTrim(user); }

    @Override
    void validate() {
        super.validate();
        if (connection != null) {
            SdeStep.connection(connection);
        }
    }

    @Override
    StepExecution execution(StepContext context) {
        return new Execution(context, this);
    }

    /** Holds plain copies of the step's fields: the execution is saved with the Pipeline, the step is not. */
    private static final class Execution extends ReadExecution<List<Job>> {
        private static final long serialVersionUID = 1L;
        private final String kind;
        private final String connection;
        private final Boolean ready;
        private final Boolean succeeded;
        private final Boolean automatic;
        private final String user;

        Execution(StepContext context, SdeJobListStep step) {
            super(context, step.getServer(), step.getCredentialsId());
            this.kind = step.kind().id();
            this.connection = step.connection;
            this.ready = step.ready;
            this.succeeded = step.succeeded;
            this.automatic = step.automatic;
            this.user = step.user;
        }

        @Override
        CompletableFuture<List<Job>> send(SdeTarget target) {
            JobKind k = JobKind.parse(kind);
            CompletableFuture<Long> id = connection == null ? CompletableFuture.completedFuture(null)
                    : target.client().connectionIdAsync(k, connection);
            return Futures.thenOnValue(id, c -> target.client().listJobsAsync(k, JobFilter.ALL.withAutomatic(automatic)
                    .withConnection(c).withReady(ready).withSucceeded(succeeded).withUser(user))); // cancelling stops the paging
        }

        @Override
        Object returned(List<Job> jobs, SdeTarget target) { return JobResults.toMaps(jobs, target.server().getName()); }
    }

    @Extension
    public static final class DescriptorImpl extends SdeStepDescriptor {
        @Override
        public String getFunctionName() { return "sdeJobList"; }

        @Override
        public String getDisplayName() { return Messages.SdeJobListStep_DisplayName(); }

    }
}
