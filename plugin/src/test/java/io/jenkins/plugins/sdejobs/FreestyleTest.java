package io.jenkins.plugins.sdejobs;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.model.Result;
import io.jenkins.plugins.sdejobs.freestyle.SdeJobBuilder;
import io.jenkins.plugins.sdejobs.simulator.Simulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** The freestyle build step: success, FAILURE, UNSTABLE, abort, and its form. */
@WithJenkins
class FreestyleTest {
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

    private FreeStyleProject project(SdeJobBuilder builder) throws Exception {
        FreeStyleProject p = j.createFreeStyleProject();
        p.getBuildersList().add(builder);
        return p;
    }

    @Test
    void theBuilderNamesAConnectionByItsAlias() throws Exception {
        FreeStyleBuild b = j.buildAndAssertSuccess(project(new SdeJobBuilder("analysis", "checkmarx")));

        j.assertLogContains("Connection 'checkmarx' is analysis connection #2.", b);
        assertThat(b.getAction(SdeJobsAction.class).getEntries()).singleElement()
                .satisfies(e -> assertThat(e.getConnection()).isEqualTo("Checkmarx (#2)"));
    }

    @Test
    void aSucceededJobPassesTheBuild() throws Exception {
        FreeStyleBuild b = j.buildAndAssertSuccess(project(new SdeJobBuilder("alm", "1")));

        j.assertLogContains("alm job", b);
        j.assertLogContains("succeeded after", b);
        assertThat(b.getAction(SdeJobsAction.class).getEntries()).singleElement()
                .satisfies(e -> assertThat(e.getOutcome()).isEqualTo("succeeded"));
        for (String secret : sim.secrets()) {
            j.assertLogNotContains(secret, b);
        }
    }

    @Test
    void aFailedJobFailsTheBuildByDefault() throws Exception {
        FreeStyleBuild b = j.buildAndAssertStatus(Result.FAILURE, project(new SdeJobBuilder("ldap", "3")));

        j.assertLogContains(SdeFixture.FAILURE, b);
    }

    @Test
    void aFailedJobCanMakeTheBuildUnstable() throws Exception {
        SdeJobBuilder builder = new SdeJobBuilder("ldap", "3");
        builder.setFailedJobResult("UNSTABLE");

        FreeStyleBuild b = j.buildAndAssertStatus(Result.UNSTABLE, project(builder));

        j.assertLogContains(SdeFixture.FAILURE, b);
    }

    @Test
    void aFailedJobCanBeOnlyLogged() throws Exception {
        SdeJobBuilder builder = new SdeJobBuilder("ldap", "3");
        builder.setFailedJobResult("success");

        FreeStyleBuild b = j.buildAndAssertSuccess(project(builder));

        j.assertLogContains(SdeFixture.FAILURE, b);
        assertThat(builder.getFailedJobResult()).isEqualTo("SUCCESS");
    }

    @Test
    void abortingTheBuildStopsTheWaitAtOnce() throws Exception {
        FreeStyleProject p = project(new SdeJobBuilder("alm", "4"));
        FreeStyleBuild b = p.scheduleBuild2(0).waitForStart();
        j.waitForMessage("queued or running", b);

        long start = System.nanoTime();
        b.getExecutor().interrupt();
        j.assertBuildStatus(Result.ABORTED, j.waitForCompletion(b));

        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5000);
        j.assertLogContains("keeps running", b);
    }

    @Test
    void theFormRoundTrips() throws Exception {
        SdeJobBuilder builder = new SdeJobBuilder("analysis", "7");
        builder.setTimeout("20m");
        builder.setFailedJobResult("UNSTABLE");
        builder.setServer("sim");

        j.assertEqualDataBoundBeans(builder, j.configRoundtrip(builder));
    }
}
