package io.jenkins.plugins.sdejobs.pipeline;

import hudson.Extension;
import hudson.Util;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.sdejobs.FailedJobResult;
import io.jenkins.plugins.sdejobs.Messages;
import io.jenkins.plugins.sdejobs.RiskGate;
import io.jenkins.plugins.sdejobs.SdeJobsAction;
import io.jenkins.plugins.sdejobs.SdeTarget;
import io.jenkins.plugins.sdejobs.engine.Futures;
import io.jenkins.plugins.sdejobs.engine.RiskCheck;
import hudson.model.Run;
import java.util.concurrent.CompletableFuture;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code sdeRiskPolicy(project: 'Payments API')}: whether an SD Elements project complies with its risk policy, as a
 * gate. Not compliant fails the step ({@code whenNotCompliant}, default FAILURE); undetermined marks the build
 * unstable ({@code whenUndetermined}, default UNSTABLE). Returns a Map: projectId, projectName, url, compliant (true,
 * false or null), compliance, policyId, policyName.
 */
public final class SdeRiskPolicyStep extends SdeServerStep {
    private final String project;
    private String whenNotCompliant;
    private String whenUndetermined;

    @DataBoundConstructor
    public SdeRiskPolicyStep(String project) {
        this.project = Util.fixNull(project).trim();
    }

    public String getProject() { return project; }

    public String getWhenNotCompliant() { return whenNotCompliant; }

    @DataBoundSetter
    public void setWhenNotCompliant(String v) { this.whenNotCompliant = Util.fixEmptyAndTrim(v); }

    public String getWhenUndetermined() { return whenUndetermined; }

    @DataBoundSetter
    public void setWhenUndetermined(String v) { this.whenUndetermined = Util.fixEmptyAndTrim(v); }

    @Override
    void validate() {
        gate();
    }

    /** The outcomes, the defaults where none was given; throws for a bad project or outcome, naming it. */
    RiskGate gate() { return RiskGate.of(project, whenNotCompliant, whenUndetermined); }

    @Override
    StepExecution execution(StepContext context) {
        return new Execution(context, this);
    }

    /** Holds plain copies: the execution is saved with the Pipeline, the step is not. A read: after a restart, read again. */
    private static final class Execution extends ReadExecution<RiskCheck> {
        private static final long serialVersionUID = 1L;
        private final String project;
        private final String whenNotCompliant;
        private final String whenUndetermined;

        Execution(StepContext context, SdeRiskPolicyStep step) {
            super(context, step.getServer(), step.getCredentialsId());
            RiskGate gate = step.gate();
            this.project = step.getProject();
            this.whenNotCompliant = gate.whenNotCompliant().name();
            this.whenUndetermined = gate.whenUndetermined().name();
        }

        @Override
        CompletableFuture<RiskCheck> send(SdeTarget target) {
            return Futures.thenOnValue(target.client().projectIdAsync(project), id -> target.client().riskCheckAsync(id));
        }

        @Override
        Object returned(RiskCheck check, SdeTarget target) throws Exception {
            SdeJobsAction.recordRisk(getContext().get(Run.class), check, target.server().getName(), null);
            new RiskGate(FailedJobResult.valueOf(whenNotCompliant), FailedJobResult.valueOf(whenUndetermined))
                    .apply(log(System.currentTimeMillis()), check, this::markUnstable);
            return RiskGate.toMap(check);
        }
    }

    @Extension
    public static final class DescriptorImpl extends SdeStepDescriptor {
        @Override
        public String getFunctionName() { return "sdeRiskPolicy"; }

        @Override
        public String getDisplayName() { return Messages.SdeRiskPolicyStep_DisplayName(); }

        @POST
        public ListBoxModel doFillWhenNotCompliantItems() { return FailedJobResult.choices(Messages.SdeRiskPolicyStep_DefaultFailure()); }

        @POST
        public ListBoxModel doFillWhenUndeterminedItems() { return FailedJobResult.choices(Messages.SdeRiskPolicyStep_DefaultUnstable()); }
    }
}
