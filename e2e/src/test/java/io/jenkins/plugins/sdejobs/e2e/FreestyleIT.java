package io.jenkins.plugins.sdejobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.sdejobs.e2e.Builds.Build;
import java.time.Duration;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Scenario 7: the freestyle build step, in a job created from a config.xml (as job DSL and scripts do) and in
 * one configured through the job's form (as a person does). A failed SD Elements job makes the build FAILURE
 * or UNSTABLE, as chosen.
 */
@Order(15)
class FreestyleIT {
    private final JenkinsInstance jenkins = Suite.jenkins();
    private final Builds builds = new Builds(jenkins.admin());

    private static String project(String builder) {
        return "<project><builders>" + builder + "</builders></project>";
    }

    private static String builder(String fields) {
        return "<io.jenkins.plugins.sdejobs.freestyle.SdeJobBuilder>" + fields + "</io.jenkins.plugins.sdejobs.freestyle.SdeJobBuilder>";
    }

    private Build run(String job) {
        return builds.await(job, builds.start(job), Duration.ofMinutes(2));
    }

    @Test
    void fromConfigXmlASucceededJobIsASuccess() {
        builds.createItem("fs-ok", project(builder("<kind>alm</kind><connection>1</connection>")));
        Build b = run("fs-ok");

        assertThat(b.result()).isEqualTo("SUCCESS");
        assertThat(b.console()).contains("Started alm job").contains("succeeded after");
    }

    @Test
    void fromConfigXmlAFailedJobIsAFailureByDefault() {
        builds.createItem("fs-fails", project(builder("<kind>ldap</kind><connection>3</connection>")));
        Build b = run("fs-fails");

        assertThat(b.result()).isEqualTo("FAILURE");
        assertThat(b.console()).contains(Suite.LDAP_FAILURE).doesNotContain("\tat ");
    }

    @Test
    void fromConfigXmlAFailedJobCanMakeTheBuildUnstable() {
        builds.createItem("fs-unstable", project(builder(
                "<kind>ldap</kind><connection>3</connection><failedJobResult>UNSTABLE</failedJobResult>")));
        Build b = run("fs-unstable");

        assertThat(b.result()).isEqualTo("UNSTABLE");
        assertThat(b.console()).contains(Suite.LDAP_FAILURE);
    }

    @Test
    void aBadConfigXmlFailsTheBuildWithOneLine() {
        builds.createItem("fs-bad", project(builder("<kind>jira</kind><connection>1</connection>")));
        Build b = run("fs-bad");

        assertThat(b.result()).isEqualTo("FAILURE");
        assertThat(b.console()).contains("Unknown job kind 'jira'").doesNotContain("\tat ");
    }

    @Test
    void configuredThroughTheFormAsAPersonDoes() {
        jenkins.admin().post("createItem", JenkinsHttp.form("name", "fs-form", "mode", "hudson.model.FreeStyleProject"));
        JenkinsHttp.Response saved = jenkins.admin().post("job/fs-form/configSubmit", JenkinsHttp.form("json", """
                {"description": "", "enable": true, "builder": {"kind": "ldap", "connection": "3", "wait": true,
                  "failedJobResult": "UNSTABLE", "server": "", "credentialsId": "", "timeout": "", "automatic": false,
                  "stapler-class": "io.jenkins.plugins.sdejobs.freestyle.SdeJobBuilder",
                  "$class": "io.jenkins.plugins.sdejobs.freestyle.SdeJobBuilder"},
                 "core:apply": ""}"""));
        assertThat(saved.status()).as(saved.body()).isLessThan(400);
        assertThat(jenkins.admin().get("job/fs-form/config.xml").body())
                .contains("<kind>ldap</kind>", "<connection>3</connection>", "<failedJobResult>UNSTABLE</failedJobResult>");

        Build b = run("fs-form");
        assertThat(b.result()).isEqualTo("UNSTABLE");
    }
}
