package io.jenkins.plugins.sdejobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.sdejobs.simulator.Simulator;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Scenario 2: Manage Jenkins » System » SD Elements, submitted the way the browser does (the {@code json} field
 * and the crumb); Test connection; the same configuration from a JCasC file, and its export.
 */
@Order(5)
class GlobalConfigurationIT {
    static final String SAVED = "io.jenkins.plugins.sdejobs.config.SdeGlobalConfiguration.xml";
    private static final String SECTION = "io-jenkins-plugins-sdejobs-config-SdeGlobalConfiguration";
    private final JenkinsInstance jenkins = Suite.jenkins();
    private final Simulator sim = Suite.simulator();
    private final JenkinsHttp admin = jenkins.admin();

    @AfterEach
    void restore() {
        Suite.restoreBaseline();
    }

    private String saved() throws IOException {
        return Files.readString(jenkins.home().resolve(SAVED));
    }

    /**
     * The page's own script serialises the whole form (every section of Manage Jenkins » System) into the
     * {@code json} field; ours is replaced by two servers and a default, and the form is posted with the crumb.
     */
    @Test
    void theFormSavesTwoServersADefaultAndCredentialsAndShowsThemAgain() throws IOException {
        ObjectNode form;
        try (Browser browser = Browser.open()) {
            browser.get(jenkins.url() + "manage/configure");
            form = (ObjectNode) JenkinsHttp.JSON.readTree(browser.formJson("config"));
        }
        assertThat(form.path(SECTION).path("servers").toString()).as("what the page showed").contains(sim.url());
        form.set(SECTION, JenkinsHttp.JSON.readTree("""
                {"servers": [
                    {"name": "sim", "url": "%s", "credentialsId": "%s"},
                    {"name": "staging", "url": "https://sde-staging.example.com/", "credentialsId": "%s"}],
                  "defaultServer": "staging", "timeoutMinutes": "45", "firstPollSeconds": "2", "maxPollSeconds": "20"}
                """.formatted(sim.url(), Suite.CREDENTIALS, Suite.CREDENTIALS)));

        JenkinsHttp.Response r = admin.post("manage/configSubmit", JenkinsHttp.form("json", form.toString()));

        assertThat(r.status()).as(r.body()).isLessThan(400);
        assertThat(saved()).contains("<name>sim</name>", "<url>" + sim.url() + "</url>", "<name>staging</name>",
                "<url>https://sde-staging.example.com/</url>", "<credentialsId>" + Suite.CREDENTIALS + "</credentialsId>",
                "<defaultServer>staging</defaultServer>", "<timeoutMinutes>45</timeoutMinutes>",
                "<firstPollSeconds>2</firstPollSeconds>", "<maxPollSeconds>20</maxPollSeconds>");
        String page = admin.get("manage/configure").body();
        assertThat(page).contains("value=\"staging\"", "value=\"https://sde-staging.example.com/\"", "value=\"45\"");
    }

    @Test
    void testConnectionNamesTheTokensUserOrTheProblem() {
        Credentials.create(admin, "system", "GLOBAL", "wrong-token", "not-the-token");
        String button = "descriptorByName/io.jenkins.plugins.sdejobs.config.SdeServer/testConnection";

        JenkinsHttp.Response good = admin.post(button, JenkinsHttp.form("url", sim.url(), "credentialsId", Suite.CREDENTIALS));
        JenkinsHttp.Response bad = admin.post(button, JenkinsHttp.form("url", sim.url(), "credentialsId", "wrong-token"));
        JenkinsHttp.Response none = admin.post(button, JenkinsHttp.form("url", sim.url(), "credentialsId", ""));

        assertThat(good.body()).contains(Simulator.USER_EMAIL);
        assertThat(bad.body()).contains("rejected the API token").doesNotContain("not-the-token");
        assertThat(none.body()).contains("Choose Secret text credentials");
    }

    @Test
    void theSameConfigurationFromJcascAndItsExport() throws IOException {
        String yaml = """
                unclassified:
                  sdElements:
                    defaultServer: "staging"
                    firstPollSeconds: 2
                    maxPollSeconds: 20
                    servers:
                    - credentialsId: "%s"
                      name: "sim"
                      url: "%s"
                    - credentialsId: "%s"
                      name: "staging"
                      url: "https://sde-staging.example.com/"
                    timeoutMinutes: 45
                """.formatted(Suite.CREDENTIALS, sim.url(), Suite.CREDENTIALS);

        Suite.replaceConfiguration(jenkins, "global-casc.yaml", yaml);

        assertThat(saved()).contains("<name>staging</name>", "<defaultServer>staging</defaultServer>",
                "<timeoutMinutes>45</timeoutMinutes>");
        String export = admin.post("manage/configuration-as-code/export", Map.of()).body();
        String ours = export.substring(export.indexOf("  sdElements:"));
        assertThat(ours).startsWith(yaml.substring(yaml.indexOf("  sdElements:"), yaml.indexOf("    timeoutMinutes")));
        assertThat(ours).contains("timeoutMinutes: 45");
    }
}
