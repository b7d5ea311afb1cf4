package io.jenkins.plugins.sdejobs.freestyle;

import hudson.AbortException;
import hudson.Extension;
import hudson.Launcher;
import hudson.Util;
import hudson.model.AbstractBuild;
import hudson.model.AbstractProject;
import hudson.model.BuildListener;
import hudson.model.Result;
import hudson.tasks.BuildStepDescriptor;
import hudson.tasks.BuildStepMonitor;
import hudson.tasks.Publisher;
import hudson.tasks.Recorder;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.sdejobs.BuildLog;
import io.jenkins.plugins.sdejobs.FailedJobResult;
import io.jenkins.plugins.sdejobs.Messages;
import io.jenkins.plugins.sdejobs.RiskGate;
import io.jenkins.plugins.sdejobs.SdeJobsAction;
import io.jenkins.plugins.sdejobs.SdeTarget;
import io.jenkins.plugins.sdejobs.ServerChoiceForms;
import io.jenkins.plugins.sdejobs.engine.Futures;
import io.jenkins.plugins.sdejobs.engine.RiskCheck;
import io.jenkins.plugins.sdejobs.engine.SdeException;
import java.io.IOException;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.verb.POST;

/**
 * The freestyle post-build step "Check SD Elements risk policy", for jobs that import elsewhere: the project's
 * compliance, with the same outcomes as {@code sdeRiskPolicy} (not compliant: FAILURE; undetermined: UNSTABLE).
 */
public final class SdeRiskPolicyRecorder extends Recorder {
    private final String project;
    private String whenNotCompliant;
    private String whenUndetermined;
    private String server;
    private String credentialsId;

    /** Arguments are checked when the build runs, so a bad config.xml fails the build with one line. */
    @DataBoundConstructor
    public SdeRiskPolicyRecorder(String project) {
        this.project = Util.fixNull(project).trim();
    }

    public String getProject() { return project; }

    public String getWhenNotCompliant() { return whenNotCompliant; }

    @DataBoundSetter
    public void setWhenNotCompliant(String v) { this.whenNotCompliant = Util.fixEmptyAndTrim(v); }

    public String getWhenUndetermined() { return whenUndetermined; }

    @DataBoundSetter
    public void setWhenUndetermined(String v) { this.whenUndetermined = Util.fixEmptyAndTrim(v); }

    public String getServer() { return server; }

    @DataBoundSetter
    public void setServer(String server) { this.server = Util.fixEmptyAndTrim(server); }

    public String getCredentialsId() { return credentialsId; }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) { this.credentialsId = Util.fixEmptyAndTrim(credentialsId); }

    @Override
    public BuildStepMonitor getRequiredMonitorService() { return BuildStepMonitor.NONE; }

    @Override
    public boolean perform(AbstractBuild<?, ?> build, Launcher launcher, BuildListener listener)
            throws InterruptedException, IOException {
        RiskGate gate;
        try {
            gate = RiskGate.of(project, whenNotCompliant, whenUndetermined);
        } catch (IllegalArgumentException e) {
            throw new AbortException(Messages.SdeRiskPolicyRecorder_DisplayName() + ": " + e.getMessage());
        }
        BuildLog log = new BuildLog(listener, System.currentTimeMillis());
        SdeTarget target = SdeTarget.resolve(build, server, credentialsId, log);
        try {
            RiskCheck check = target.client().riskCheck(Futures.await(target.client().projectIdAsync(project)));
            SdeJobsAction.recordRisk(build, check, target.server().getName(), null);
            gate.apply(log, check, line -> build.setResult(Result.UNSTABLE));
            return true;
        } catch (SdeException e) {
            throw new AbortException(e.getMessage());
        }
    }

    @Extension
    @Symbol("sdeRiskPolicyCheck")
    public static final class DescriptorImpl extends BuildStepDescriptor<Publisher> implements ServerChoiceForms {
        @Override
        public boolean isApplicable(Class<? extends AbstractProject> jobType) { return true; }

        @Override
        public String getDisplayName() { return Messages.SdeRiskPolicyRecorder_DisplayName(); }

        @POST
        public ListBoxModel doFillWhenNotCompliantItems() { return FailedJobResult.choices(Messages.SdeRiskPolicyStep_DefaultFailure()); }

        @POST
        public ListBoxModel doFillWhenUndeterminedItems() { return FailedJobResult.choices(Messages.SdeRiskPolicyStep_DefaultUnstable()); }
    }
}
