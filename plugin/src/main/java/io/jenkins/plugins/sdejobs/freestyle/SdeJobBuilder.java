package io.jenkins.plugins.sdejobs.freestyle;

import hudson.AbortException;
import hudson.Extension;
import hudson.Launcher;
import hudson.Util;
import hudson.model.AbstractBuild;
import hudson.model.AbstractProject;
import hudson.model.BuildListener;
import hudson.model.Item;
import hudson.model.Result;
import hudson.tasks.BuildStepDescriptor;
import hudson.tasks.Builder;
import hudson.util.ComboBoxModel;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.sdejobs.BuildLog;
import io.jenkins.plugins.sdejobs.ConnectionArgument;
import io.jenkins.plugins.sdejobs.FailedJobResult;
import io.jenkins.plugins.sdejobs.Forms;
import io.jenkins.plugins.sdejobs.Messages;
import io.jenkins.plugins.sdejobs.RiskGate;
import io.jenkins.plugins.sdejobs.SdeJobsAction;
import io.jenkins.plugins.sdejobs.SdeTarget;
import io.jenkins.plugins.sdejobs.ServerChoiceForms;
import io.jenkins.plugins.sdejobs.config.SdeGlobalConfiguration;
import io.jenkins.plugins.sdejobs.engine.Futures;
import io.jenkins.plugins.sdejobs.engine.RiskCheck;
import io.jenkins.plugins.sdejobs.engine.Trigger;
import io.jenkins.plugins.sdejobs.engine.ConnectionNames;
import io.jenkins.plugins.sdejobs.engine.Durations;
import io.jenkins.plugins.sdejobs.engine.Job;
import io.jenkins.plugins.sdejobs.engine.JobKind;
import io.jenkins.plugins.sdejobs.engine.SdeException;
import java.time.Duration;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * The freestyle build step: starts an SD Elements job and waits for it in the build's executor, through the
 * engine's blocking call, which stops at once when the build is aborted. A failed job makes the build FAILURE
 * or UNSTABLE, as configured. Not a Pipeline step: Pipelines use {@code sdeJob}, which holds no executor.
 */
public final class SdeJobBuilder extends Builder {
    private final String kind;
    /** An id or an alias; a config.xml of the first release holds a number, which reads as its text. */
    private final String connection;
    /** Boxed so that a config.xml without {@code <wait>} (job DSL, REST) means the default, true. */
    private Boolean wait;
    private String timeout;
    private String server;
    private String credentialsId;
    private boolean automatic;
    private String failedJobResult = Result.FAILURE.toString();
    /** Analysis jobs: FAILURE, UNSTABLE or SUCCESS for the project's risk-policy check after the import; null: none. */
    private String riskPolicy;

    /** Arguments are checked when the build runs, so a bad config.xml fails the build with one line. */
    @DataBoundConstructor
    public SdeJobBuilder(String kind, String connection) {
        this.kind = Util.fixNull(kind).trim();
        this.connection = Util.fixEmptyAndTrim(connection);
    }

    public String getKind() { return kind; }

    public String getConnection() { return connection; }

    public boolean isWait() { return wait == null || wait; }

    @DataBoundSetter
    public void setWait(boolean wait) { this.wait = wait; }

    public String getTimeout() { return timeout; }

    @DataBoundSetter
    public void setTimeout(String timeout) { this.timeout = Util.fixEmptyAndTrim(timeout); }

    public String getServer() { return server; }

    @DataBoundSetter
    public void setServer(String server) { this.server = Util.fixEmptyAndTrim(server); }

    public String getCredentialsId() { return credentialsId; }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) { this.credentialsId = Util.fixEmptyAndTrim(credentialsId); }

    public boolean isAutomatic() { return automatic; }

    @DataBoundSetter
    public void setAutomatic(boolean automatic) { this.automatic = automatic; }

    /** FAILURE, UNSTABLE or SUCCESS: what a job that finished with succeeded:false makes the build ({@link FailedJobResult}). */
    public String getFailedJobResult() { return failedJobResult == null ? Result.FAILURE.toString() : failedJobResult; }

    @DataBoundSetter
    public void setFailedJobResult(String result) { this.failedJobResult = FailedJobResult.parse(result).name(); }

    public String getRiskPolicy() { return riskPolicy; }

    /** As {@code sdeJob}'s {@code riskPolicy}: after an import that succeeded, check the connection's project. */
    @DataBoundSetter
    public void setRiskPolicy(String riskPolicy) {
        FailedJobResult r = RiskGate.parse(riskPolicy, "riskPolicy");
        this.riskPolicy = r == null ? null : r.name();
    }

    @Override
    public boolean perform(AbstractBuild<?, ?> build, Launcher launcher, BuildListener listener)
            throws InterruptedException, java.io.IOException {
        JobKind k;
        Duration limit;
        try {
            k = JobKind.parse(kind);
            if (connection == null) {
                throw new IllegalArgumentException(Messages.SdeJobStep_BadConnection("an empty value"));
            }
            ConnectionNames.id(connection); // digits must be a positive id
            limit = timeout == null ? null : Durations.parse(timeout);
            if (riskPolicy != null && k != JobKind.ANALYSIS) {
                throw new IllegalArgumentException(Messages.RiskGate_OnlyForAnalysis(k.id()));
            }
            if (riskPolicy != null && !isWait()) {
                throw new IllegalArgumentException(Messages.RiskGate_NeedsWait());
            }
        } catch (IllegalArgumentException e) {
            throw new AbortException(Messages.SdeJobBuilder_DisplayName() + ": " + e.getMessage());
        }
        BuildLog log = new BuildLog(listener, System.currentTimeMillis());
        SdeTarget target = SdeTarget.resolve(build, server, credentialsId, log);
        String serverName = target.server().getName();
        try {
            long id = target.client().connectionId(k, connection);
            if (ConnectionNames.id(connection).isEmpty()) {
                log.println(Messages.JobExecution_ConnectionNamed(connection, k.id(), Long.toString(id)));
            }
            Job job = target.client().initiate(k, id, Trigger.of(automatic));
            log.println(Messages.JobExecution_Started(job.describe(), serverName, target.client().jobUrl(job.ref())));
            SdeJobsAction.record(build, job, serverName, target.client());
            if (!isWait()) {
                return true;
            }
            Job done = target.client().watch(job, SdeGlobalConfiguration.get().watchOptions(limit).withListener(log)).await();
            SdeJobsAction.record(build, done, serverName, target.client());
            log.finished(done);
            if (!done.succeeded()) {
                log.println(Messages.JobExecution_Failed(done.describe(), done.resultMessage()));
                Result r = FailedJobResult.parse(getFailedJobResult()).result();
                if (r == null) {
                    return true; // SUCCESS: logged, the result unchanged
                }
                build.setResult(r);
                return r.isBetterThan(Result.FAILURE);
            }
            if (riskPolicy != null) { // only after an import that succeeded
                Long project = Futures.await(target.client().projectOfAsync(done));
                if (project == null) {
                    throw RiskGate.noProject(done);
                }
                RiskCheck check = target.client().riskCheck(project);
                SdeJobsAction.recordRisk(build, check, serverName, done.id());
                RiskGate.afterImport(FailedJobResult.valueOf(riskPolicy)).apply(log, check, line -> build.setResult(Result.UNSTABLE));
            }
            return true;
        } catch (SdeException e) {
            throw new AbortException(e.getMessage());
        } catch (InterruptedException e) {
            log.println(Messages.SdeJobBuilder_Interrupted(kind));
            throw e;
        }
    }

    @Extension
    @Symbol("sdeJobBuild")
    public static final class DescriptorImpl extends BuildStepDescriptor<Builder> implements ServerChoiceForms, ConnectionArgument {
        @Override
        public boolean isApplicable(Class<? extends AbstractProject> jobType) { return true; }

        @Override
        public String getDisplayName() { return Messages.SdeJobBuilder_DisplayName(); }

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

        @POST
        public ListBoxModel doFillFailedJobResultItems() { return FailedJobResult.choices(null); }

        @POST
        public ListBoxModel doFillRiskPolicyItems() { return FailedJobResult.choices(Messages.SdeJobStep_NoRiskCheck()); }
    }
}
