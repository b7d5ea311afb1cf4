package io.jenkins.plugins.sdejobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.model.FreeStyleProject;
import hudson.model.Item;
import hudson.model.User;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.util.FormValidation;
import io.jenkins.plugins.sdejobs.config.SdeGlobalConfiguration;
import io.jenkins.plugins.sdejobs.config.SdeServer;
import io.jenkins.plugins.sdejobs.freestyle.SdeJobBuilder;
import io.jenkins.plugins.sdejobs.pipeline.SdeJobStep;
import io.jenkins.plugins.sdejobs.simulator.Simulator;
import java.util.List;
import jenkins.model.Jenkins;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;
import org.springframework.security.access.AccessDeniedException;

/** The global configuration page, Test connection, and the permission checks of every web method. */
@WithJenkins
class GlobalConfigurationTest {
    private JenkinsRule j;
    private Simulator sim;

    @BeforeEach
    void setUp(JenkinsRule rule) throws Exception {
        j = rule;
        sim = SdeFixture.simulator();
        SdeFixture.configure(j, sim);
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER).everywhere().to("admin")
                .grant(Jenkins.READ, Item.READ).everywhere().to("reader"));
    }

    @AfterEach
    void tearDown() {
        sim.close();
    }

    @Test
    void theConfigurationPageRoundTrips() throws Exception {
        SdeGlobalConfiguration config = SdeGlobalConfiguration.get();
        config.setServers(List.of(new SdeServer("prod", "https://sde.example.com", "sde-token"),
                new SdeServer("sim", sim.url(), "sde-token")));
        config.setDefaultServer("sim");
        config.setTimeoutMinutes(45);
        // configRoundtrip() submits the page as an anonymous web client
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy().grant(Jenkins.ADMINISTER).everywhere().toEveryone());

        j.configRoundtrip();

        SdeGlobalConfiguration after = SdeGlobalConfiguration.get();
        assertThat(after.getServers()).extracting(SdeServer::getName).containsExactly("prod", "sim");
        assertThat(after.getServers().get(0).getCredentialsId()).isEqualTo("sde-token");
        assertThat(after.getDefaultServer()).isEqualTo("sim");
        assertThat(after.getTimeoutMinutes()).isEqualTo(45);
        assertThat(after.server(null).getName()).isEqualTo("sim");
    }

    @Test
    void testConnectionSaysWhoTheTokenBelongsTo() throws Exception {
        SdeServer.DescriptorImpl d = j.jenkins.getDescriptorByType(SdeServer.DescriptorImpl.class);
        try (ACLContext ignored = ACL.as2(User.getById("admin", true).impersonate2())) {
            FormValidation ok = d.doTestConnection(sim.url(), SdeFixture.CREDENTIALS);
            FormValidation wrongUrl = d.doTestConnection(sim.url() + "/login", SdeFixture.CREDENTIALS);

            assertThat(ok.kind).isEqualTo(FormValidation.Kind.OK);
            assertThat(ok.getMessage()).contains(Simulator.USER_EMAIL);
            assertThat(wrongUrl.kind).isEqualTo(FormValidation.Kind.ERROR);
            assertThat(wrongUrl.getMessage()).contains("HTML page");
            assertThat(ok.renderHtml() + wrongUrl.renderHtml()).doesNotContain(sim.token());
        }
    }

    @Test
    void webMethodsRefuseUsersWithoutPermission() throws Exception {
        FreeStyleProject p = j.createFreeStyleProject();
        SdeServer.DescriptorImpl server = j.jenkins.getDescriptorByType(SdeServer.DescriptorImpl.class);
        SdeJobStep.DescriptorImpl step = j.jenkins.getDescriptorByType(SdeJobStep.DescriptorImpl.class);
        SdeJobBuilder.DescriptorImpl builder = j.jenkins.getDescriptorByType(SdeJobBuilder.DescriptorImpl.class);
        SdeGlobalConfiguration global = SdeGlobalConfiguration.get();

        try (ACLContext ignored = ACL.as2(User.getById("reader", true).impersonate2())) {
            assertThatThrownBy(() -> server.doTestConnection(sim.url(), SdeFixture.CREDENTIALS)).isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> server.doCheckUrl(sim.url())).isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> server.doCheckName("x")).isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> global.doFillDefaultServerItems()).isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> global.doCheckTimeoutMinutes("5")).isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> step.doCheckConnection(p, "12", "alm", "", "")).isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> step.doFillServerItems(p)).isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> step.doFillConnectionItems(p, "alm", "", "")).isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> builder.doCheckTimeout(p, "5m")).isInstanceOf(AccessDeniedException.class);
            // Without permission the credentials list shows only the current value: no ids to enumerate.
            assertThat(server.doFillCredentialsIdItems(sim.url(), "")).extracting(o -> o.value).containsExactly("");
            assertThat(step.doFillCredentialsIdItems(p, "sim", "")).extracting(o -> o.value).containsExactly("");
        }
        try (ACLContext ignored = ACL.as2(User.getById("admin", true).impersonate2())) {
            assertThat(server.doFillCredentialsIdItems(sim.url(), "")).extracting(o -> o.value).contains(SdeFixture.CREDENTIALS);
            assertThat(step.doCheckConnection(p, "abc", "alm", "", "").kind).isEqualTo(FormValidation.Kind.ERROR);
            FormValidation known = builder.doCheckConnection(p, "1", "alm", "", "");
            assertThat(known.kind).isEqualTo(FormValidation.Kind.OK);
            assertThat(known.getMessage()).contains("Jira (#1)");
            FormValidation unknown = builder.doCheckConnection(p, "99", "alm", "", "");
            assertThat(unknown.kind).isEqualTo(FormValidation.Kind.WARNING);
            assertThat(unknown.getMessage()).contains("no alm connection with id 99");
            assertThat(builder.doFillConnectionItems(p, "alm", "", "")).containsExactly("1", "4");
            assertThat(step.doFillConnectionItems(p, "ldap", "sim", "")).containsExactly("3");
            assertThat(builder.doCheckTimeout(p, "soon").kind).isEqualTo(FormValidation.Kind.ERROR);
        }
    }

    @Test
    void unknownOrMissingServersFailWithTheirNames() throws Exception {
        assertThatThrownBy(() -> SdeGlobalConfiguration.get().server("staging"))
                .hasMessageContaining("No SD Elements server is named 'staging'").hasMessageContaining("sim");
        SdeGlobalConfiguration.get().setServers(List.of());
        assertThatThrownBy(() -> SdeGlobalConfiguration.get().server(null)).hasMessageContaining("No SD Elements server is configured");
    }
}
