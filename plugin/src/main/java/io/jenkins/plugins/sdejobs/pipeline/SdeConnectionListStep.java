package io.jenkins.plugins.sdejobs.pipeline;

import hudson.Extension;
import io.jenkins.plugins.sdejobs.JobResults;
import io.jenkins.plugins.sdejobs.Messages;
import io.jenkins.plugins.sdejobs.SdeTarget;
import io.jenkins.plugins.sdejobs.engine.Connection;
import io.jenkins.plugins.sdejobs.engine.JobKind;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * {@code sdeConnectionList(kind: 'alm')}: the connections of one kind that the token's user can see, as a List of
 * Maps (id, alias, system, project, lastJob), so that a script can pick one by name or check its last run.
 * No params, so no secret, is returned.
 */
public final class SdeConnectionListStep extends SdeStep {
    @DataBoundConstructor
    public SdeConnectionListStep(String kind) {
        super(kind);
    }

    @Override
    StepExecution execution(StepContext context) {
        return new Execution(context, this);
    }

    /** Holds a plain copy of the kind: the execution is saved with the Pipeline, the step is not. */
    private static final class Execution extends ReadExecution<List<Connection>> {
        private static final long serialVersionUID = 1L;
        private final String kind;

        Execution(StepContext context, SdeConnectionListStep step) {
            super(context, step.getServer(), step.getCredentialsId());
            this.kind = step.kind().id();
        }

        @Override
        CompletableFuture<List<Connection>> send(SdeTarget target) {
            return target.client().connectionsWithLastJobAsync(JobKind.parse(kind));
        }

        @Override
        Object returned(List<Connection> connections, SdeTarget target) { return JobResults.connectionMaps(connections); }
    }

    @Extension
    public static final class DescriptorImpl extends SdeStepDescriptor {
        @Override
        public String getFunctionName() { return "sdeConnectionList"; }

        @Override
        public String getDisplayName() { return Messages.SdeConnectionListStep_DisplayName(); }
    }
}
