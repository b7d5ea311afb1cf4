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
import java.nio.file.Files;
import org.jvnet.hudson.test.MockQueueItemAuthenticator;
import jenkins.security.QueueItemAuthenticatorConfiguration;
import java.util.List;
import jenkins.model.Jenkins;
import org.htmlunit.HttpMethod;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.WebRequest;
import org.htmlunit.util.NameValuePair;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
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
                .grant(Jenkins.READ, Item.READ).everywhere().to("reader")
                .grant(Jenkins.READ, Item.READ, Item.EXTENDED_READ).everywhere().to("snippets"));
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

    /** The form's URL check is the engine's own rule: what it accepts, a build accepts, and the other way round. */
    @Test
    void theUrlCheckAcceptsExactlyWhatTheEngineDoes() {
        SdeServer.DescriptorImpl server = j.jenkins.getDescriptorByType(SdeServer.DescriptorImpl.class);

        assertThat(server.doCheckUrl("https://sde.example.com/api/v2").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(server.doCheckUrl("http://sde.example.com").kind).isEqualTo(FormValidation.Kind.WARNING);
        FormValidation query = server.doCheckUrl("https://sde.example.com/?tenant=1");
        assertThat(query.kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(query.getMessage()).contains("must not contain a user, a query or a fragment");
        assertThat(server.doCheckUrl("ftp://sde.example.com").getMessage()).contains("must start with https://");
        assertThat(server.doCheckUrl("https://").getMessage()).contains("is not a valid URL");
    }

    @Test
    void globalWebMethodsAreForAdministratorsOnly() throws Exception {
        SdeServer.DescriptorImpl server = j.jenkins.getDescriptorByType(SdeServer.DescriptorImpl.class);
        SdeGlobalConfiguration global = SdeGlobalConfiguration.get();

        try (ACLContext ignored = ACL.as2(User.getById("reader", true).impersonate2())) {
            assertThatThrownBy(() -> server.doTestConnection(sim.url(), SdeFixture.CREDENTIALS)).isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> server.doCheckUrl(sim.url())).isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> server.doCheckName("x")).isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> global.doCheckDefaultServer("sim")).isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> global.doCheckTimeoutMinutes("5")).isInstanceOf(AccessDeniedException.class);
            // Without permission the credentials list shows only the current value: no ids to enumerate.
            assertThat(server.doFillCredentialsIdItems(sim.url(), "")).extracting(o -> o.value).containsExactly("");
        }
        try (ACLContext ignored = ACL.as2(User.getById("admin", true).impersonate2())) {
            assertThat(server.doFillCredentialsIdItems(sim.url(), "")).extracting(o -> o.value).contains(SdeFixture.CREDENTIALS);
        }
    }

    /** The credentials plugin's consumer rules: nothing throws, and what a user sees follows what they may do. */
    @Test
    void stepFormMethodsFollowThePermissionsOfTheUser() throws Exception {
        FreeStyleProject p = j.createFreeStyleProject();
        SdeJobStep.DescriptorImpl step = j.jenkins.getDescriptorByType(SdeJobStep.DescriptorImpl.class);
        SdeJobBuilder.DescriptorImpl builder = j.jenkins.getDescriptorByType(SdeJobBuilder.DescriptorImpl.class);

        try (ACLContext ignored = ACL.as2(User.getById("reader", true).impersonate2())) { // Item/Read only
            assertThat(step.doFillKindItems()).extracting(o -> o.value).containsExactly("alm", "analysis", "ldap");
            assertThat(builder.doFillFailedJobResultItems()).extracting(o -> o.value).containsExactly("FAILURE", "UNSTABLE", "SUCCESS");
            assertThat(builder.doCheckTimeout("5m").kind).isEqualTo(FormValidation.Kind.OK);
            assertThat(step.doCheckConnection(p, "12", "alm", "", "").kind).isEqualTo(FormValidation.Kind.OK);
            assertThat(step.doFillServerItems(p)).isEmpty();
            assertThat(step.doFillServerItems(null)).extracting(o -> o.value).containsExactly("", "sim"); // Overall/Read
            assertThat(step.doFillConnectionItems(p, "alm", "", "")).isEmpty();
            assertThat(step.doFillCredentialsIdItems(p, "sim", "")).extracting(o -> o.value).containsExactly("");
            assertThat(step.doFillCredentialsIdItems(null, "sim", "")).extracting(o -> o.value).containsExactly("");
        }
        try (ACLContext ignored = ACL.as2(User.getById("snippets", true).impersonate2())) { // Item/ExtendedRead
            assertThat(step.doFillServerItems(p)).extracting(o -> o.value).containsExactly("", "sim");
            assertThat(step.doFillCredentialsIdItems(p, "sim", "")).extracting(o -> o.value).contains(SdeFixture.CREDENTIALS);
            assertThat(step.doFillConnectionItems(p, "alm", "", "")).isEmpty();
            assertThat(step.doCheckConnection(p, "99", "alm", "", "").kind).isEqualTo(FormValidation.Kind.OK);
        }
        assertThat(sim.requestCount()).as("requests to SD Elements for users who may not configure").isZero();
        try (ACLContext ignored = ACL.as2(User.getById("admin", true).impersonate2())) {
            assertThat(step.doCheckConnection(p, "0", "alm", "", "").kind).isEqualTo(FormValidation.Kind.ERROR);
            FormValidation named = step.doCheckConnection(p, "slow jira", "alm", "", "");
            assertThat(named.kind).isEqualTo(FormValidation.Kind.OK);
            assertThat(named.getMessage()).isEqualTo("Slow Jira (#4), JIRA");
            FormValidation noName = step.doCheckConnection(p, "abc", "alm", "", "");
            assertThat(noName.kind).isEqualTo(FormValidation.Kind.WARNING);
            assertThat(noName.getMessage()).contains("No alm connection that this token&#039;s user can see is named &#039;abc&#039;");
            FormValidation known = builder.doCheckConnection(p, "1", "alm", "", "");
            assertThat(known.kind).isEqualTo(FormValidation.Kind.OK);
            assertThat(known.getMessage()).contains("Jira (#1)");
            FormValidation unknown = builder.doCheckConnection(p, "99", "alm", "", "");
            assertThat(unknown.kind).isEqualTo(FormValidation.Kind.WARNING);
            assertThat(unknown.getMessage()).contains("no alm connection 99");
            assertThat(builder.doFillConnectionItems(p, "alm", "", "")).containsExactly("Jira", "Slow Jira", "Jira, a few seconds",
                    "Jira behind a slow gateway", "Jira behind a flaky gateway", "1", "4", "5", "7", "8");
            assertThat(step.doFillConnectionItems(p, "ldap", "sim", "")).containsExactly("LDAP", "3");
            assertThat(builder.doCheckTimeout("soon").kind).isEqualTo(FormValidation.Kind.ERROR);
        }
    }

    /** The connection check looks a credentialsId up as the job's builds do: as the job's authentication. */
    @Test
    void theConnectionCheckSeesOnlyTheCredentialsTheJobsBuildsSee() throws Exception {
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy().grant(Jenkins.ADMINISTER).everywhere().to("admin"));
        WorkflowJob mine = j.jenkins.createProject(WorkflowJob.class, "runs-as-system");
        WorkflowJob alices = j.jenkins.createProject(WorkflowJob.class, "runs-as-alice");
        QueueItemAuthenticatorConfiguration.get().getAuthenticators().add(new MockQueueItemAuthenticator()
                .authenticate("runs-as-alice", User.getById("alice", true).impersonate2()));
        SdeJobStep.DescriptorImpl step = j.jenkins.getDescriptorByType(SdeJobStep.DescriptorImpl.class);

        try (ACLContext ignored = ACL.as2(User.getById("admin", true).impersonate2())) {
            FormValidation asSystem = step.doCheckConnection(mine, "1", "alm", "", SdeFixture.CREDENTIALS);
            long requests = sim.requestCount();
            FormValidation asAlice = step.doCheckConnection(alices, "1", "alm", "", SdeFixture.CREDENTIALS);

            assertThat(asSystem.getMessage()).contains("Jira (#1)");
            assertThat(requests).isPositive();
            assertThat(sim.requestCount()).as("alice's builds cannot see the root's credentials: nothing is looked up")
                    .isEqualTo(requests);
            assertThat(asAlice.kind).isEqualTo(FormValidation.Kind.WARNING);
            assertThat(asAlice.getMessage()).contains("No Secret text credentials with id &#039;" + SdeFixture.CREDENTIALS + "&#039;");
        }
    }

    /** The form methods the builder shares with the steps (ServerChoiceForms) answer over HTTP on a freestyle job. */
    @Test
    void theBuildersSharedFormMethodsAnswerOverHttp() throws Exception {
        FreeStyleProject p = j.createFreeStyleProject("fs");
        JenkinsRule.WebClient wc = j.createWebClient().login("admin");
        String base = p.getUrl() + "descriptorByName/" + SdeJobBuilder.class.getName() + "/";
        for (String[] call : new String[][] {{"fillKindItems", "\"ldap\""}, {"fillServerItems", "\"sim\""},
                {"fillCredentialsIdItems", SdeFixture.CREDENTIALS}, {"checkTimeout?value=soon", "Invalid duration"}}) {
            WebRequest r = new WebRequest(j.getURL().toURI().resolve(base + call[0]).toURL(), HttpMethod.POST);
            assertThat(wc.getPage(wc.addCrumb(r)).getWebResponse().getContentAsString()).as(call[0]).contains(call[1]);
        }
    }

    /** Both Snippet Generators (global, and a job's) work over HTTP for a user who may only read. */
    @Test
    void aReadOnlyUserCanUseBothSnippetGenerators() throws Exception {
        WorkflowJob p = j.jenkins.createProject(WorkflowJob.class, "pipeline");
        JenkinsRule.WebClient wc = j.createWebClient().login("snippets");
        String fill = "descriptorByName/" + SdeJobStep.class.getName() + "/fillKindItems";
        for (String page : List.of("pipeline-syntax/", p.getUrl() + "pipeline-syntax/")) {
            assertThat(wc.goTo(page).getWebResponse().getStatusCode()).isEqualTo(200);
            WebRequest kinds = new WebRequest(j.getURL().toURI().resolve(page + fill).toURL(), HttpMethod.POST);
            String answer = wc.getPage(wc.addCrumb(kinds)).getWebResponse().getContentAsString();
            assertThat(answer).contains("\"alm\"", "\"analysis\"", "\"ldap\"");
            WebRequest servers = new WebRequest(j.getURL().toURI().resolve(page + fill.replace("fillKindItems", "fillServerItems")).toURL(),
                    HttpMethod.POST);
            assertThat(wc.getPage(wc.addCrumb(servers)).getWebResponse().getContentAsString()).as("servers on " + page)
                    .contains("\"sim\"");
            WebRequest generate = new WebRequest(j.getURL().toURI().resolve(page + "generateSnippet").toURL(), HttpMethod.POST);
            generate.setRequestParameters(List.of(new NameValuePair("json",
                    "{\"stapler-class\": \"" + SdeJobStep.class.getName() + "\", \"kind\": \"alm\", \"connection\": \"1\"}")));
            assertThat(wc.getPage(wc.addCrumb(generate)).getWebResponse().getContentAsString())
                    .isEqualTo("sdeJob connection: 1, kind: 'alm'");
        }
    }

    @Test
    void twoServersOfOneNameAreRefused() throws Exception {
        SdeGlobalConfiguration config = SdeGlobalConfiguration.get();

        assertThatThrownBy(() -> config.setServers(List.of(new SdeServer("prod", "https://a.example.com", "t"),
                new SdeServer("prod", "https://b.example.com", "t"))))
                .hasMessageContaining("Two SD Elements servers are named 'prod'");
        assertThat(config.getServers()).extracting(SdeServer::getName).containsExactly("sim");
    }

    @Test
    void theFormRefusesDuplicateNamesAndADefaultThatIsNoServerAndKeepsWhatWasThere() throws Exception {
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy().grant(Jenkins.ADMINISTER).everywhere().toEveryone());
        SdeGlobalConfiguration config = SdeGlobalConfiguration.get();
        config.setServers(List.of(new SdeServer("sim", sim.url(), SdeFixture.CREDENTIALS),
                new SdeServer("other", "https://other.example.com", SdeFixture.CREDENTIALS)));
        JenkinsRule.WebClient wc = j.createWebClient();
        wc.setThrowExceptionOnFailingStatusCode(false);

        HtmlForm duplicate = wc.goTo("configure").getFormByName("config");
        duplicate.getInputsByName("_.name").stream().filter(i -> i.getValue().equals("other")).findFirst().orElseThrow()
                .setValue("sim");
        String duplicateAnswer = j.submit(duplicate).getWebResponse().getContentAsString();
        HtmlForm unknownDefault = wc.goTo("configure").getFormByName("config");
        unknownDefault.getInputByName("_.defaultServer").setValue("staging");
        String unknownAnswer = j.submit(unknownDefault).getWebResponse().getContentAsString();

        assertThat(duplicateAnswer).contains("Two SD Elements servers are named");
        assertThat(unknownAnswer).contains("The default server");
        assertThat(config.getServers()).extracting(SdeServer::getName).containsExactly("sim", "other");
        assertThat(config.getDefaultServer()).isNull();
        // on disk too: the setters the binding calls each save, so without a BulkChange "staging" would come back
        String saved = Files.readString(j.jenkins.getRootDir().toPath().resolve(SdeGlobalConfiguration.class.getName() + ".xml"));
        assertThat(saved).doesNotContain("staging").contains("<name>other</name>");
        SdeGlobalConfiguration reloaded = new SdeGlobalConfiguration();
        assertThat(reloaded.getDefaultServer()).isNull();
        assertThat(reloaded.getServers()).extracting(SdeServer::getName).containsExactly("sim", "other");
        assertThat(config.doCheckDefaultServer("staging").kind).isEqualTo(FormValidation.Kind.WARNING);
        assertThat(config.doCheckDefaultServer("other").kind).isEqualTo(FormValidation.Kind.OK);
    }

    @Test
    void unknownOrMissingServersFailWithTheirNames() throws Exception {
        assertThatThrownBy(() -> SdeGlobalConfiguration.get().server("staging"))
                .hasMessageContaining("No SD Elements server is named 'staging'").hasMessageContaining("sim");
        SdeGlobalConfiguration.get().setServers(List.of());
        assertThatThrownBy(() -> SdeGlobalConfiguration.get().server(null)).hasMessageContaining("No SD Elements server is configured");
    }
}
