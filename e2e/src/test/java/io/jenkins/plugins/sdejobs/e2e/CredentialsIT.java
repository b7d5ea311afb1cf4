package io.jenkins.plugins.sdejobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.sdejobs.e2e.Builds.Build;
import io.jenkins.plugins.sdejobs.simulator.Simulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Scenario 3: Secret text credentials created through the credentials store's REST endpoint, in Global and in
 * System scope. The rule: a server's own token may have either scope (it is Jenkins' own, like Test connection
 * sees it); a step's {@code credentialsId} is looked up for the build, which sees Global scope only.
 */
@Order(6)
class CredentialsIT {
    private static final String GLOBAL = "rest-global", SYSTEM = "rest-system";
    private static final JenkinsInstance jenkins = Suite.jenkins();
    private static final Simulator sim = Suite.simulator();
    private final Builds builds = new Builds(jenkins.admin());

    @BeforeAll
    static void createCredentialsAndAServerThatUsesTheSystemOne() {
        Suite.replaceConfiguration(jenkins, "credentials-casc.yaml", """
                unclassified:
                  sdElements:
                    servers:
                      - name: sim
                        url: "%s"
                        credentialsId: %s
                      - name: sim-system
                        url: "%s"
                        credentialsId: %s
                    firstPollSeconds: 1
                    maxPollSeconds: 1
                """.formatted(sim.url(), Suite.CREDENTIALS, sim.url(), SYSTEM));
        Credentials.create(jenkins.admin(), "system", "GLOBAL", GLOBAL, sim.token());
        Credentials.create(jenkins.admin(), "system", "SYSTEM", SYSTEM, sim.token());
    }

    @AfterAll
    static void restore() {
        Suite.restoreBaseline();
    }

    @Test
    void aStepCanUseGlobalCredentialsCreatedOverRest() {
        Build b = builds.runPipeline("cred-global", "sdeJob kind: 'alm', connection: 1, credentialsId: '" + GLOBAL + "'");
        assertThat(b.result()).isEqualTo("SUCCESS");
    }

    @Test
    void aStepCannotUseSystemCredentialsAndIsToldWhy() {
        Build b = builds.runPipeline("cred-system", "sdeJob kind: 'alm', connection: 1, credentialsId: '" + SYSTEM + "'");
        assertThat(b.result()).isEqualTo("FAILURE");
        assertThat(b.console()).contains("No Secret text credentials with id '" + SYSTEM + "' are visible to this build")
                .contains("System scope is for a server's own credentials only").doesNotContain("\tat ");
    }

    @Test
    void aServersOwnSystemCredentialsWorkForBuildsAsForTestConnection() {
        Build b = builds.runPipeline("server-system", "sdeJob kind: 'alm', connection: 1, server: 'sim-system'");
        JenkinsHttp.Response test = jenkins.admin().post("descriptorByName/io.jenkins.plugins.sdejobs.config.SdeServer/testConnection",
                JenkinsHttp.form("url", sim.url(), "credentialsId", SYSTEM));

        assertThat(b.result()).isEqualTo("SUCCESS");
        assertThat(test.body()).contains(Simulator.USER_EMAIL);
    }
}
