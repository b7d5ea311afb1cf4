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

/**
 * {@code sdeJobList(kind: 'alm', connection: 12, succeeded: false)}: the matching jobs, newest first, as a List of Maps:
 * at most {@code limit} (default 1,000) of them, since the list is saved with the Pipeline; the log says when more
 * matched.
 */
public final class SdeJobListStep extends SdeStep {
    /** How many jobs a list returns when the script gives no {@code limit}. */
    static final int DEFAULT_LIMIT = 1000;
    static final int MAX_LIMIT = 100_000;

    private String connection;
    private Boolean ready;
    private Boolean succeeded;
    private Boolean automatic;
    private String user;
    private Integer limit;

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

    public Integer getLimit() { return limit; }

    /** At most this many jobs, the newest; checked when the step runs. */
    @DataBoundSetter
    public void setLimit(Integer limit) { this.limit = limit; }

    public String getUser() { return user; }

    @DataBoundSetter
    public void setUser(String user) { this.user = Util.fixEmptyAndTrim(user); }

    @Override
    void validate() {
        super.validate();
        if (connection != null) {
            SdeStep.connection(connection);
        }
        if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
            throw new IllegalArgumentException(Messages.SdeJobListStep_BadLimit(Integer.toString(limit), Integer.toString(MAX_LIMIT)));
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
        private final int limit;

        Execution(StepContext context, SdeJobListStep step) {
            super(context, step.getServer(), step.getCredentialsId());
            this.kind = step.kind().id();
            this.connection = step.connection;
            this.ready = step.ready;
            this.succeeded = step.succeeded;
            this.automatic = step.automatic;
            this.user = step.user;
            this.limit = step.limit == null ? DEFAULT_LIMIT : step.limit;
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
        Object returned(List<Job> jobs, SdeTarget target) {
            List<Job> newest = jobs.stream().sorted(java.util.Comparator.comparingLong(Job::id).reversed()).limit(limit).toList();
            if (jobs.size() > limit) {
                log(System.currentTimeMillis()).println(Messages.SdeJobListStep_Limited(Integer.toString(jobs.size()),
                        kind, Integer.toString(limit)));
            }
            return JobResults.toMaps(newest, target.server().getName());
        }
    }

    @Extension
    public static final class DescriptorImpl extends SdeStepDescriptor {
        @Override
        public String getFunctionName() { return "sdeJobList"; }

        @Override
        public String getDisplayName() { return Messages.SdeJobListStep_DisplayName(); }

    }
}
