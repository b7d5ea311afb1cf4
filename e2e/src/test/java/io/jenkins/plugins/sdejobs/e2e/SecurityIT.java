package io.jenkins.plugins.sdejobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.sdejobs.simulator.SimConnection;
import io.jenkins.plugins.sdejobs.simulator.Simulator;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Scenario 8: Jenkins' own user database, an administrator, read-only anonymous access and CSRF protection.
 * Nobody but the administrator can make Jenkins call SD Elements or list credentials, and a read-only user
 * can still use the Snippet Generator.
 */
@Order(40)
class SecurityIT {
    private static final String STEP = "descriptorByName/io.jenkins.plugins.sdejobs.pipeline.SdeJobStep/";
    private static final String SERVER = "descriptorByName/io.jenkins.plugins.sdejobs.config.SdeServer/";
    private static final String PASSWORD = "e2e-admin-password";
    private static Simulator sim;
    private static JenkinsInstance jenkins;

    @BeforeAll
    static void start() {
        sim = Suite.simulator(Simulator.builder()
                .connection(SimConnection.of(1, "alm").alias("Jira").queuedFor(Duration.ofSeconds(1))));
        jenkins = Suite.jenkins("security", Suite.baseline(sim));
        new Builds(jenkins.admin()).createPipeline("p", "sdeJob kind: 'alm', connection: 1");
        jenkins.enableSecurity("admin", PASSWORD);
    }

    @Test
    void anonymousCannotMakeJenkinsCallSdElements() {
        JenkinsHttp anonymous = jenkins.anonymous();
        int before = sim.requestCount();

        assertThat(anonymous.post(SERVER + "testConnection",
                JenkinsHttp.form("url", sim.url(), "credentialsId", Suite.CREDENTIALS)).status()).isEqualTo(403);
        JenkinsHttp.Response check = anonymous.post("job/p/" + STEP + "checkConnection",
                JenkinsHttp.form("value", "1", "kind", "alm", "server", "", "credentialsId", ""));
        JenkinsHttp.Response fill = anonymous.post("job/p/" + STEP + "fillConnectionItems",
                JenkinsHttp.form("kind", "alm", "server", "", "credentialsId", ""));

        assertThat(check.body()).as("what the check tells anonymous").doesNotContain("Jira");
        assertThat(fill.body()).as("what the suggestions tell anonymous").doesNotContain("\"1\"");
        assertThat(sim.requestCount()).as("requests Jenkins sent to SD Elements").isEqualTo(before);
    }

    @Test
    void theAdministratorCanTestTheConnection() {
        JenkinsHttp.Response r = jenkins.admin().post(SERVER + "testConnection",
                JenkinsHttp.form("url", sim.url(), "credentialsId", Suite.CREDENTIALS));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains(Simulator.USER_EMAIL);
    }

    @Test
    void credentialsListsShowNothingToAnonymous() {
        JenkinsHttp anonymous = jenkins.anonymous();
        for (String list : new String[] {"job/p/" + STEP + "fillCredentialsIdItems", STEP + "fillCredentialsIdItems",
                SERVER + "fillCredentialsIdItems"}) {
            JenkinsHttp.Response r = anonymous.post(list, JenkinsHttp.form("credentialsId", "", "server", "", "url", sim.url()));
            assertThat(r.body()).as(list).doesNotContain(Suite.CREDENTIALS);
        }
        assertThat(jenkins.admin().post(SERVER + "fillCredentialsIdItems", JenkinsHttp.form("credentialsId", "", "url", sim.url()))
                .body()).contains(Suite.CREDENTIALS);
    }

    @Test
    void aPostWithoutACrumbIsRefused() {
        assertThat(jenkins.admin().postWithoutCrumb(SERVER + "testConnection",
                JenkinsHttp.form("url", sim.url(), "credentialsId", Suite.CREDENTIALS)).status()).isEqualTo(403);
        assertThat(jenkins.admin().postWithoutCrumb("job/p/build?delay=0sec", Map.of()).status()).isEqualTo(403);
    }

    @Test
    void aReadOnlyUserCanUseTheSnippetGenerator() {
        JenkinsHttp reader = jenkins.anonymous();
        assertThat(reader.get("pipeline-syntax/").status()).isEqualTo(200);
        JenkinsHttp.Response kinds = reader.post("pipeline-syntax/" + STEP + "fillKindItems", Map.of());
        assertThat(kinds.status()).isEqualTo(200);
        assertThat(kinds.body()).contains("\"alm\"", "\"analysis\"", "\"ldap\"");

        JenkinsHttp.Response snippet = reader.post("pipeline-syntax/generateSnippet", JenkinsHttp.form("json",
                "{\"stapler-class\": \"io.jenkins.plugins.sdejobs.pipeline.SdeJobStep\", \"kind\": \"alm\", \"connection\": \"12\"}"));
        assertThat(snippet.status()).isEqualTo(200);
        assertThat(snippet.body()).isEqualTo("sdeJob connection: 12, kind: 'alm'");
    }
}
