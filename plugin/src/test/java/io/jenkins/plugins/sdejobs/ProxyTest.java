package io.jenkins.plugins.sdejobs;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.ProxyConfiguration;
import io.jenkins.plugins.sdejobs.config.SdeServer;
import io.jenkins.plugins.sdejobs.simulator.AuthenticatingProxy;
import io.jenkins.plugins.sdejobs.simulator.Simulator;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Jenkins behind an HTTP proxy that demands credentials. With the JDK Authenticator that Jenkins' proxy-aware
 * client builder installs, the token's Authorization header would not reach SD Elements (JDK-8326949).
 */
@WithJenkins
class ProxyTest {
    private JenkinsRule j;
    private Simulator sim;
    private AuthenticatingProxy proxy;

    @BeforeEach
    void setUp(JenkinsRule rule) throws Exception {
        j = rule;
        sim = SdeFixture.simulator();
        proxy = AuthenticatingProxy.start("proxy-user", "proxy-secret-P4ss");
        SdeFixture.configure(j, sim);
        j.jenkins.setProxy(new ProxyConfiguration(proxy.host(), proxy.port(), "proxy-user", "proxy-secret-P4ss"));
    }

    @AfterEach
    void tearDown() {
        proxy.close();
        sim.close();
    }

    @Test
    void buildsAndTestConnectionWorkThroughAnAuthenticatingProxy() throws Exception {
        WorkflowJob p = j.jenkins.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition("def r = sdeJob(kind: 'alm', connection: 1)\necho \"succeeded=${r.succeeded}\"", true));
        WorkflowRun b = j.buildAndAssertSuccess(p);
        SdeServer.DescriptorImpl d = j.jenkins.getDescriptorByType(SdeServer.DescriptorImpl.class);

        j.assertLogContains("succeeded=true", b);
        assertThat(d.doTestConnection(sim.url(), SdeFixture.CREDENTIALS).getMessage()).contains(Simulator.USER_EMAIL);
        assertThat(proxy.log()).isNotEmpty().allMatch(l -> l.matches("20[01] (GET|POST) .* \\+auth"));
        j.assertLogNotContains("proxy-secret-P4ss", b);
    }

    @Test
    void aWrongProxyPasswordIsNamedAsTheProxysProblem() throws Exception {
        j.jenkins.setProxy(new ProxyConfiguration(proxy.host(), proxy.port(), "proxy-user", "wrong"));
        SdeServer.DescriptorImpl d = j.jenkins.getDescriptorByType(SdeServer.DescriptorImpl.class);

        String message = d.doTestConnection(sim.url(), SdeFixture.CREDENTIALS).getMessage();

        assertThat(message).contains("HTTP proxy", "407").doesNotContain("rejected the API token");
    }
}
