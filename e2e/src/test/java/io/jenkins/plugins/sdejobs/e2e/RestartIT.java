package io.jenkins.plugins.sdejobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.sdejobs.e2e.Builds.Build;
import io.jenkins.plugins.sdejobs.simulator.SimConnection;
import io.jenkins.plugins.sdejobs.simulator.Simulator;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Scenario 6: a graceful stop and a start of Jenkins on the same home while builds wait on SD Elements jobs.
 * Across both runs there is exactly one POST per build.
 */
@Order(30)
class RestartIT {
    private static Simulator sim;
    private static JenkinsInstance jenkins;

    @BeforeAll
    static void start() {
        sim = Suite.simulator(Simulator.builder()
                .connection(SimConnection.of(1, "alm").alias("Jira").queuedFor(Duration.ofSeconds(25)))
                .connection(stallingPosts())
                .connection(slowPosts()));
        jenkins = Suite.jenkins("restart", Suite.baseline(sim));
    }

    private static SimConnection stallingPosts() {
        // Still running after the restart, as real syncs are: a job that finished meanwhile is not in the
        // pending list that reconciliation reads, and the step would say it may or may not exist.
        SimConnection c = SimConnection.of(2, "alm").alias("Jira behind a slow proxy").queuedFor(Duration.ofSeconds(15));
        c.faults().postStall(1, Duration.ofSeconds(30)); // creates the job, then answers 30 s later
        return c;
    }

    private static SimConnection slowPosts() {
        SimConnection c = SimConnection.of(3, "alm").alias("Jira, slow to answer").queuedFor(Duration.ofSeconds(1));
        c.faults().postStall(1, Duration.ofSeconds(6));
        return c;
    }

    /** What a safe restart consults: whether any running build's executor says it blocks a restart. */
    private static boolean somethingBlocksRestart() {
        return Boolean.parseBoolean(jenkins.admin().script("println(jenkins.model.Jenkins.get().computers"
                + ".collectMany { it.allExecutors }.any { it.asynchronousExecution?.blocksRestart() })").trim());
    }

    /** A safe restart waits for the answer to the POST instead of leaving the job's fate unknown. */
    @Test
    void aSafeRestartWouldWaitWhileThePostIsUnanswered() {
        long before = posts();
        Builds builds = new Builds(jenkins.admin());
        builds.createPipeline("slow-post", "sdeJob kind: 'alm', connection: 3");
        int n = builds.start("slow-post");
        assertThat(Builds.within(Duration.ofSeconds(30), () -> posts() > before)).as("the POST went out").isTrue();

        assertThat(somethingBlocksRestart()).as("while the POST is unanswered").isTrue();
        builds.awaitLog("slow-post", n, "Started alm job", Duration.ofSeconds(30));
        // Pipeline itself blocks a restart for a moment while it saves the program after the step's answer.
        assertThat(Builds.within(Duration.ofSeconds(10), () -> !somethingBlocksRestart())).as("once the job exists").isTrue();
        assertThat(builds.await("slow-post", n, Duration.ofMinutes(1)).result()).isEqualTo("SUCCESS");
    }

    private long posts() { return sim.count("POST", "/api/v2/jobs/alm/"); }

    @Test
    void aWaitingBuildResumesAfterARestartAndFinishesWithTheJobsOutcome() {
        long before = posts();
        Builds builds = new Builds(jenkins.admin());
        builds.createPipeline("waits", "def r = sdeJob(kind: 'alm', connection: 1)\necho \"outcome succeeded=${r.succeeded}\"");
        int n = builds.start("waits");
        builds.awaitLog("waits", n, "Started alm job", Duration.ofSeconds(30));
        long id = SimApi.jobIdIn(builds.console("waits", n));

        jenkins.restart();
        assertThat(SimApi.job(sim, "alm", id).path("ready").asBoolean()).as("job still running after the restart").isFalse();

        Build b = new Builds(jenkins.admin()).await("waits", n, Duration.ofMinutes(2));
        assertThat(b.result()).isEqualTo("SUCCESS");
        assertThat(b.console()).contains("resuming the wait for alm job " + id).contains("outcome succeeded=true");
        assertThat(posts() - before).as("POSTs across both runs").isEqualTo(1);
    }

    @Test
    void aRestartWhileThePostIsInFlightFindsTheJobItCreatedAndNeverPostsAgain() {
        long before = posts();
        Builds builds = new Builds(jenkins.admin());
        builds.createPipeline("posting", "sdeJob kind: 'alm', connection: 2");
        int n = builds.start("posting");
        assertThat(Builds.within(Duration.ofSeconds(30), () -> posts() > before)).as("the POST went out").isTrue();
        assertThat(posts() - before).as("the POST reached SD Elements").isEqualTo(1);

        jenkins.restart(); // the answer is still 30 s away, and is lost

        Build b = new Builds(jenkins.admin()).await("posting", n, Duration.ofMinutes(2));
        assertThat(b.result()).isEqualTo("SUCCESS");
        assertThat(b.console()).contains("looking for the job its POST may have created")
                .contains("but SD Elements had created alm job").doesNotContain("\tat ");
        assertThat(posts() - before).as("POSTs across both runs").isEqualTo(1);
        assertThat(sim.jobsFor(2)).as("jobs created").isEqualTo(1);
    }
}
