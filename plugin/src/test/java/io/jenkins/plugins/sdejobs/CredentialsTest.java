package io.jenkins.plugins.sdejobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.plugins.credentials.Credentials;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.CredentialsStore;
import com.cloudbees.plugins.credentials.domains.Domain;
import com.cloudbees.plugins.credentials.domains.DomainRequirement;
import com.cloudbees.plugins.credentials.domains.HostnameSpecification;
import hudson.model.Fingerprint;
import hudson.model.ItemGroup;
import hudson.model.Result;
import hudson.util.Secret;
import io.jenkins.plugins.sdejobs.config.SdeGlobalConfiguration;
import io.jenkins.plugins.sdejobs.config.SdeServer;
import io.jenkins.plugins.sdejobs.simulator.Simulator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.TestExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;
import org.springframework.security.core.Authentication;

/**
 * Which credentials work where: a server's own token in System or Global scope (Jenkins' own, as Test connection
 * sees it); a step's credentialsId as the build sees it (Global, never System). Lookups happen off the CPS VM
 * thread, and each use is tracked.
 */
@WithJenkins
class CredentialsTest {
    private JenkinsRule j;
    private Simulator sim;

    @BeforeEach
    void setUp(JenkinsRule rule) throws Exception {
        j = rule;
        sim = SdeFixture.simulator();
        SdeFixture.configure(j, sim);
    }

    @AfterEach
    void tearDown() {
        sim.close();
    }

    private void add(String id, CredentialsScope scope) throws Exception {
        CredentialsStore store = CredentialsProvider.lookupStores(j.jenkins).iterator().next();
        store.addCredentials(Domain.global(), new StringCredentialsImpl(scope, id, "token", Secret.fromString(sim.token())));
    }

    private WorkflowRun run(String script, Result expected) throws Exception {
        WorkflowJob p = j.jenkins.createProject(WorkflowJob.class, "p" + j.jenkins.getItems().size());
        p.setDefinition(new CpsFlowDefinition(script, true));
        return j.buildAndAssertStatus(expected, p);
    }

    @Test
    void aServersOwnTokenMayHaveSystemOrGlobalScope() throws Exception {
        add("system-token", CredentialsScope.SYSTEM);
        SdeGlobalConfiguration.get().setServers(List.of(new SdeServer("sim", sim.url(), SdeFixture.CREDENTIALS),
                new SdeServer("sys", sim.url(), "system-token")));
        SdeServer.DescriptorImpl d = j.jenkins.getDescriptorByType(SdeServer.DescriptorImpl.class);

        run("sdeJob kind: 'alm', connection: 1", Result.SUCCESS);
        run("sdeJob kind: 'alm', connection: 1, server: 'sys'", Result.SUCCESS);
        assertThat(d.doTestConnection(sim.url(), "system-token").getMessage()).contains(Simulator.USER_EMAIL);
        assertThat(d.doFillCredentialsIdItems(sim.url(), "")).extracting(o -> o.value).contains("system-token", SdeFixture.CREDENTIALS);
    }

    @Test
    void aStepsCredentialsIdIsLookedUpForTheBuildSoSystemScopeIsRefused() throws Exception {
        add("global-token", CredentialsScope.GLOBAL);
        add("system-token", CredentialsScope.SYSTEM);

        run("sdeJob kind: 'alm', connection: 1, credentialsId: 'global-token'", Result.SUCCESS);
        WorkflowRun refused = run("sdeJob kind: 'alm', connection: 1, credentialsId: 'system-token'", Result.FAILURE);

        j.assertLogContains("No Secret text credentials with id 'system-token' are visible to this build", refused);
        j.assertLogContains("System scope is for a server's own credentials only", refused);
        WorkflowJob p = j.jenkins.createProject(WorkflowJob.class, "form");
        var step = j.jenkins.getDescriptorByType(io.jenkins.plugins.sdejobs.pipeline.SdeJobStep.DescriptorImpl.class);
        assertThat(step.doFillCredentialsIdItems(p, "sim", "")).extracting(o -> o.value)
                .contains("global-token").doesNotContain("system-token");
    }

    /** With no server chosen, the list is for the default server's URL: credentials for another host are left out. */
    @Test
    void aBlankServerListsCredentialsForTheDefaultServersHost() throws Exception {
        CredentialsStore store = CredentialsProvider.lookupStores(j.jenkins).iterator().next();
        Domain elsewhere = new Domain("elsewhere", "another SD Elements", List.of(new HostnameSpecification("sde.other.example", null)));
        store.addDomain(elsewhere, new StringCredentialsImpl(CredentialsScope.GLOBAL, "other-host-token", "x", Secret.fromString("t")));
        WorkflowJob p = j.jenkins.createProject(WorkflowJob.class, "form");
        var step = j.jenkins.getDescriptorByType(io.jenkins.plugins.sdejobs.pipeline.SdeJobStep.DescriptorImpl.class);

        assertThat(step.doFillCredentialsIdItems(p, "", "")).extracting(o -> o.value)
                .contains(SdeFixture.CREDENTIALS).doesNotContain("other-host-token");
    }

    @Test
    void credentialsAreReadOffThePipelineThreadAndTracked() throws Exception {
        RecordingProvider.threads.clear();
        WorkflowRun b = run("sdeJob kind: 'alm', connection: 1, credentialsId: 'recorded'", Result.SUCCESS);

        assertThat(RecordingProvider.threads).isNotEmpty()
                .noneMatch(t -> t.startsWith("Running CpsFlowExecution"))
                .allMatch(t -> t.startsWith("sde-jobs-jenkins-start"));
        Fingerprint fp = CredentialsProvider.getFingerprintOf(RecordingProvider.CREDENTIALS);
        assertThat(fp).as("usage tracked").isNotNull();
        assertThat(fp.getJobs()).contains(b.getParent().getFullName());
    }

    /** A provider that, like Vault or AWS ones, might go over the network: it notes the thread that asks. */
    @TestExtension("credentialsAreReadOffThePipelineThreadAndTracked")
    public static final class RecordingProvider extends CredentialsProvider {
        static final List<String> threads = new CopyOnWriteArrayList<>();
        static final StringCredentials CREDENTIALS = new StringCredentialsImpl(CredentialsScope.GLOBAL, "recorded",
                "from a remote vault", Secret.fromString(Simulator.builder().build().token()));

        @Override
        public <C extends Credentials> List<C> getCredentialsInItemGroup(Class<C> type, ItemGroup itemGroup,
                Authentication authentication, List<DomainRequirement> domainRequirements) {
            if (!type.isInstance(CREDENTIALS)) {
                return List.of();
            }
            threads.add(Thread.currentThread().getName());
            return List.of(type.cast(CREDENTIALS));
        }
    }
}
