package io.jenkins.plugins.sdejobs.pipeline;

import hudson.Extension;
import hudson.Util;
import hudson.util.ComboBoxModel;
import hudson.util.FormValidation;
import hudson.model.Item;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.sdejobs.FailedJobResult;
import io.jenkins.plugins.sdejobs.Forms;
import io.jenkins.plugins.sdejobs.Messages;
import io.jenkins.plugins.sdejobs.RiskGate;
import io.jenkins.plugins.sdejobs.engine.JobKind;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code sdeJob(kind: 'alm', connection: 12)} or {@code connection: 'Jira Cloud'}: starts an SD Elements job and, by
 * default, waits for it, failing the build if it fails. Returns a Map describing the job.
 */
public final class SdeJobStep extends WaitingStep {
    /** An id or an alias: {@link SdeStepDescriptor#newInstance} turns a script's number into its text. */
    private final String connection;
    private boolean wait = true;
    private boolean automatic;
    private String whenPending;
    private String riskPolicy;

    @DataBoundConstructor
    public SdeJobStep(String kind, String connection) {
        super(kind);
        this.connection = Util.fixEmptyAndTrim(connection);
    }

    @Override
    void validate() {
        super.validate();
        SdeStep.connection(connection);
        if (whenPending != null && !whenPending.equalsIgnoreCase("start") && !whenPending.equalsIgnoreCase("join")) {
            throw new IllegalArgumentException(Messages.SdeJobStep_BadWhenPending(whenPending));
        }
        if (RiskGate.parse(riskPolicy, "riskPolicy") != null) {
            if (kind() != JobKind.ANALYSIS) {
                throw new IllegalArgumentException(Messages.RiskGate_OnlyForAnalysis(kind().id()));
            }
            if (!wait) {
                throw new IllegalArgumentException(Messages.RiskGate_NeedsWait());
            }
        }
    }

    public String getRiskPolicy() { return riskPolicy; }

    /**
     * For analysis jobs: once the import has succeeded, check the connection's project against its risk policy. Not
     * compliant makes the build this (FAILURE, UNSTABLE or SUCCESS); undetermined the same, but never worse than
     * UNSTABLE. Absent: no check.
     */
    @DataBoundSetter
    public void setRiskPolicy(String riskPolicy) { this.riskPolicy = Util.fixEmptyAndTrim(riskPolicy); }

    public String getConnection() { return connection; }

    public boolean isWait() { return wait; }

    @DataBoundSetter
    public void setWait(boolean wait) { this.wait = wait; }

    public boolean isAutomatic() { return automatic; }

    @DataBoundSetter
    public void setAutomatic(boolean automatic) { this.automatic = automatic; }

    public String getWhenPending() { return whenPending; }

    /** {@code 'start'} (the default): always post; {@code 'join'}: wait for the connection's newest pending job, if any. */
    @DataBoundSetter
    public void setWhenPending(String whenPending) { this.whenPending = Util.fixEmptyAndTrim(whenPending); }

    /** Whether a pending job is joined; only after {@link #validate()}. */
    boolean joins() { return "join".equalsIgnoreCase(whenPending); }

    @Override
    StepExecution execution(StepContext context) {
        FailedJobResult risk = RiskGate.parse(riskPolicy, "riskPolicy");
        return new JobExecution(context, this, connection, wait, automatic, joins(), risk == null ? null : risk.name());
    }

    @Extension
    public static final class DescriptorImpl extends SdeStepDescriptor {
        @Override
        public String getFunctionName() { return "sdeJob"; }

        @Override
        public String getDisplayName() { return Messages.SdeJobStep_DisplayName(); }

        @POST
        public ListBoxModel doFillWhenPendingItems() {
            ListBoxModel m = new ListBoxModel();
            m.add(Messages.SdeJobStep_WhenPendingStart(), "");
            m.add(Messages.SdeJobStep_WhenPendingJoin(), "join");
            return m;
        }

        @POST
        public ListBoxModel doFillRiskPolicyItems() { return FailedJobResult.choices(Messages.SdeJobStep_NoRiskCheck()); }

        public ListBoxModel doFillFailedJobResultItems() { return FailedJobResult.choices(Messages.WaitingStep_AsPropagateSays()); }

        @POST
        public FormValidation doCheckConnection(@AncestorInPath Item item, @QueryParameter String value,
                                                @QueryParameter String kind, @QueryParameter String server,
                                                @QueryParameter String credentialsId) {
            return Forms.checkConnection(item, value, kind, server, credentialsId);
        }

        @POST
        public ComboBoxModel doFillConnectionItems(@AncestorInPath Item item, @QueryParameter String kind,
                                                   @QueryParameter String server, @QueryParameter String credentialsId) {
            return Forms.connectionIds(item, kind, server, credentialsId);
        }
    }
}
