package io.jenkins.plugins.sdejobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jenkins.plugins.sdejobs.simulator.Simulator;
import java.time.Duration;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.flow.FlowDurabilityHint;
import org.jenkinsci.plugins.workflow.job.properties.DurabilityHintJobProperty;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jvnet.hudson.test.JenkinsRule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/** A controller restart in the middle of a wait: the wait resumes, and the job is posted exactly once. */
class RestartTest {
    @RegisterExtension
    private final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    private Simulator sim;

    @BeforeEach
    void start() {
        sim = SdeFixture.simulator(); // outlives both Jenkins sessions, like a real server
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void aWaitSurvivesARestartWithoutPostingAgain() throws Throwable {
        sessions.then(j -> {
            SdeFixture.configure(j, sim);
            WorkflowJob p = j.jenkins.createProject(WorkflowJob.class, "p");
            p.setDefinition(new CpsFlowDefinition("def r = sdeJob(kind: 'alm', connection: 5)\necho \"succeeded=${r.succeeded}\"", true));
            WorkflowRun b = p.scheduleBuild2(0).waitForStart();
            j.waitForMessage("Started alm job", b);
        });
        long postsBefore = sim.count("POST", "/api/v2/jobs/alm/");
        sessions.then(j -> {
            WorkflowRun b = j.jenkins.getItemByFullName("p", WorkflowJob.class).getBuildByNumber(1);
            j.assertBuildStatusSuccess(j.waitForCompletion(b));
            j.assertLogContains("resuming the wait for alm job", b);
            j.assertLogContains("succeeded=true", b);
        });

        // Whether the first session polled before it ended depends on the machine; what matters is one POST.
        assertThat(postsBefore).isEqualTo(1);
        assertThat(sim.count("POST", "/api/v2/jobs/alm/")).isEqualTo(1);
    }

    /**
     * Review finding 3: the restart comes after sdeJobWait started but before its wait began (the plugin's pool is
     * busy, so nothing of the step has run). The deadline was set when the step started, so the resumed build waits
     * with its timeout instead of timing out at once, as it did when the deadline was set when the wait began.
     */
    @Test
    void aWaitThatHadNotBegunBeforeARestartKeepsItsTimeout() throws Throwable {
        long id = sim.startJobAs(1, Simulator.USER_EMAIL);
        sessions.then(j -> {
            SdeFixture.configure(j, sim);
            java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
            for (int i = 0; i < 2; i++) { // both of the pool's threads: the step's first task waits in the queue
                SdeJobsRuntime.get().background().execute(() -> {
                    try {
                        never.await();
                    } catch (InterruptedException stopped) {
                        Thread.currentThread().interrupt(); // Jenkins stops the pool on shutdown
                    }
                });
            }
            WorkflowJob p = j.jenkins.createProject(WorkflowJob.class, "p");
            p.setDefinition(new CpsFlowDefinition("def r = sdeJobWait(kind: 'alm', id: " + id + ", timeout: '10m')\n"
                    + "echo \"succeeded=${r.succeeded}\"", true));
            WorkflowRun b = p.scheduleBuild2(0).waitForStart();
            j.waitForMessage("[Pipeline] sdeJobWait", b);
            assertThat(JenkinsRule.getLog(b)).as("the wait has not begun").doesNotContain("Waiting for alm job");
        });
        sessions.then(j -> {
            WorkflowRun b = j.jenkins.getItemByFullName("p", WorkflowJob.class).getBuildByNumber(1);
            j.assertBuildStatusSuccess(j.waitForCompletion(b));
            j.assertLogNotContains("Timed out", b);
            j.assertLogContains("succeeded=true", b);
        });
    }

    /** A joined job is saved like a started one: the resumed build waits for the same job and posts nothing. */
    @Test
    void aJoinedJobIsWaitedForAcrossARestart() throws Throwable {
        long queued = sim.startJobAs(5, "colleague@example.com");
        sessions.then(j -> {
            SdeFixture.configure(j, sim);
            WorkflowJob p = j.jenkins.createProject(WorkflowJob.class, "p");
            p.setDefinition(new CpsFlowDefinition("def r = sdeJob(kind: 'alm', connection: 5, whenPending: 'join')\n"
                    + "echo \"waited for ${r.id}\"", true));
            WorkflowRun b = p.scheduleBuild2(0).waitForStart();
            j.waitForMessage("Joined alm job " + queued, b);
        });
        sessions.then(j -> {
            WorkflowRun b = j.jenkins.getItemByFullName("p", WorkflowJob.class).getBuildByNumber(1);
            j.assertBuildStatusSuccess(j.waitForCompletion(b));
            j.assertLogContains("waited for " + queued, b);
        });

        assertThat(sim.count("POST", "/api/v2/jobs/alm/")).isZero();
    }

    @Test
    void aJobThatFinishesDuringTheRestartCompletesTheBuild() throws Throwable {
        sessions.then(j -> {
            SdeFixture.configure(j, sim);
            WorkflowJob p = j.jenkins.createProject(WorkflowJob.class, "p");
            p.setDefinition(new CpsFlowDefinition("def r = sdeJob(kind: 'analysis', connection: 2)\necho \"succeeded=${r.succeeded}\"", true));
            WorkflowRun b = p.scheduleBuild2(0).waitForStart();
            j.waitForMessage("Started analysis job", b);
        });
        sessions.then(j -> {
            WorkflowRun b = j.jenkins.getItemByFullName("p", WorkflowJob.class).getBuildByNumber(1);
            j.assertBuildStatusSuccess(j.waitForCompletion(b));
            j.assertLogContains("succeeded=true", b);
        });

        assertThat(sim.count("POST", "/api/v2/jobs/analysis/")).isEqualTo(1);
    }

    /**
     * PERFORMANCE_OPTIMIZED: Pipeline writes its state only at a clean shutdown (saveState() does nothing), so
     * a clean restart still resumes the wait; after a crash the build could not resume at all (see docs/jenkins.md).
     */
    @Test
    void withPerformanceOptimizedDurabilityACleanRestartStillResumes() throws Throwable {
        sessions.then(j -> {
            SdeFixture.configure(j, sim);
            WorkflowJob p = j.jenkins.createProject(WorkflowJob.class, "p");
            p.addProperty(new DurabilityHintJobProperty(FlowDurabilityHint.PERFORMANCE_OPTIMIZED));
            p.setDefinition(new CpsFlowDefinition("def r = sdeJob(kind: 'alm', connection: 5)\necho \"succeeded=${r.succeeded}\"", true));
            WorkflowRun b = p.scheduleBuild2(0).waitForStart();
            j.waitForMessage("Started alm job", b);
        });
        sessions.then(j -> {
            WorkflowRun b = j.jenkins.getItemByFullName("p", WorkflowJob.class).getBuildByNumber(1);
            j.assertBuildStatusSuccess(j.waitForCompletion(b));
            j.assertLogContains("resuming the wait for alm job", b);
        });

        assertThat(sim.count("POST", "/api/v2/jobs/alm/")).isEqualTo(1);
    }

    /** The restart comes while the snapshot is being read: nothing was posted, so the job is started after it. */
    @Test
    void aRestartBeforeThePostWentOutStartsTheJobAfterIt() throws Throwable {
        sim.close();
        sim = SdeFixture.builder().listPageDelay(Duration.ofSeconds(3)).start(); // the snapshot takes 3 s
        sessions.then(j -> {
            SdeFixture.configure(j, sim);
            WorkflowJob p = j.jenkins.createProject(WorkflowJob.class, "p");
            p.setDefinition(new CpsFlowDefinition("def r = sdeJob(kind: 'alm', connection: 5)\necho \"succeeded=${r.succeeded}\"", true));
            p.scheduleBuild2(0).waitForStart();
            await().until(() -> sim.requestLog().stream().anyMatch(r -> r.startsWith("GET /api/v2/jobs/alm/?") && r.contains("connection=5")));
        });
        assertThat(sim.count("POST", "/api/v2/jobs/alm/")).as("POSTs before the restart").isZero();
        sessions.then(j -> {
            WorkflowRun b = j.jenkins.getItemByFullName("p", WorkflowJob.class).getBuildByNumber(1);
            j.assertBuildStatusSuccess(j.waitForCompletion(b));
            j.assertLogContains("succeeded=true", b);
            j.assertLogNotContains("may or may not", b);
        });

        assertThat(sim.count("POST", "/api/v2/jobs/alm/")).isEqualTo(1);
        assertThat(sim.jobsFor(5)).isEqualTo(1);
    }

    /** The POST's answer is lost to the restart: the resumed step finds the job it created, and never posts again. */
    @Test
    void aRestartWhileThePostIsInFlightFindsTheJobItCreated() throws Throwable {
        sessions.then(j -> {
            SdeFixture.configure(j, sim);
            WorkflowJob p = j.jenkins.createProject(WorkflowJob.class, "p");
            // named by its alias: the id it resolved is saved, so the resumed step does not look it up again
            p.setDefinition(new CpsFlowDefinition("def r = sdeJob(kind: 'alm', connection: 'Jira behind a slow gateway')\n"
                    + "echo \"succeeded=${r.succeeded} triggeredBy=${r.triggeredBy}\"", true));
            p.scheduleBuild2(0).waitForStart();
            await().until(() -> sim.count("POST", "/api/v2/jobs/alm/") > 0);
        });
        sessions.then(j -> {
            WorkflowRun b = j.jenkins.getItemByFullName("p", WorkflowJob.class).getBuildByNumber(1);
            j.assertBuildStatusSuccess(j.waitForCompletion(b));
            j.assertLogContains("looking for the job its POST may have created", b);
            j.assertLogContains("but SD Elements had created alm job", b);
            j.assertLogContains("succeeded=true triggeredBy=" + Simulator.USER_EMAIL, b);
        });

        assertThat(sim.count("POST", "/api/v2/jobs/alm/")).isEqualTo(1);
        assertThat(sim.jobsFor(7)).isEqualTo(1);
        assertThat(sim.count("GET", "/api/v2/connections/")).as("the alias looked up once, before the restart").isEqualTo(1);
    }
}
