package io.jenkins.plugins.sdejobs;

import io.jenkins.plugins.sdejobs.engine.Trigger;
import io.jenkins.plugins.sdejobs.engine.Outcome;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import hudson.model.Result;
import io.jenkins.plugins.sdejobs.simulator.SimConnection;
import io.jenkins.plugins.sdejobs.simulator.Simulator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jenkinsci.plugins.workflow.actions.ArgumentsAction;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.graphanalysis.DepthFirstScanner;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** How the step executions behave inside Jenkins: restarts, failures of their own threads, aborts, what they save and show. */
@WithJenkins
class StepExecutionTest {
    private JenkinsRule j;
    private Simulator sim;

    private void start(JenkinsRule rule, Simulator.Builder simulator) throws Exception {
        j = rule;
        sim = simulator.start();
        SdeFixture.configure(j, sim);
    }

    @AfterEach
    void tearDown() {
        if (sim != null) {
            sim.close();
        }
    }

    private WorkflowRun begin(String script) throws Exception {
        WorkflowJob p = j.jenkins.createProject(WorkflowJob.class, "p" + j.jenkins.getItems().size());
        p.setDefinition(new CpsFlowDefinition(script, true));
        return p.scheduleBuild2(0).waitForStart();
    }

    private WorkflowRun run(String script, Result expected) throws Exception {
        return j.assertBuildStatus(expected, j.waitForCompletion(begin(script)));
    }

    private static List<StepExecution> executions(WorkflowRun b) throws Exception {
        return b.getExecution().getCurrentExecutions(false).get();
    }

    /**
     * Review finding 6: each continuation of sdeJob runs on the plugin's pool: the start, the snapshot's answer, the
     * two that follow a save, the POST's answer and the job's end, six tasks. None runs on the thread that completed
     * the save, which can be the CPS VM's (run there, the two after a save would leave four).
     */
    @Test
    void everyContinuationRunsOnThePluginsPoolNotOnTheThreadThatSaved(JenkinsRule rule) throws Exception {
        start(rule, SdeFixture.builder());
        java.util.concurrent.ThreadPoolExecutor pool = (java.util.concurrent.ThreadPoolExecutor) SdeJobsRuntime.get().background();
        long before = pool.getCompletedTaskCount();

        run("sdeJob kind: 'alm', connection: 1", Result.SUCCESS);

        await().atMost(Duration.ofSeconds(10)).until(() -> pool.getCompletedTaskCount() - before >= 6);
        assertThat(pool.getCompletedTaskCount() - before).as("tasks on the plugin's pool for one sdeJob").isEqualTo(6);
    }

    @Test
    void aSafeRestartWaitsWhileThePostIsUnanswered(JenkinsRule rule) throws Exception {
        SimConnection slowPost = SimConnection.of(6, "alm").alias("Slow POST").queuedFor(Duration.ofMillis(300));
        slowPost.faults().postStall(1, Duration.ofSeconds(3));
        start(rule, SdeFixture.builder().connection(slowPost));

        WorkflowRun b = begin("sdeJob kind: 'alm', connection: 6");
        await().until(() -> sim.count("POST", "/api/v2/jobs/alm/") > 0);
        assertThat(executions(b)).anyMatch(StepExecution::blocksRestart);
        j.waitForMessage("Started alm job", b);
        assertThat(executions(b)).noneMatch(StepExecution::blocksRestart);
        j.assertBuildStatusSuccess(j.waitForCompletion(b));
    }

    @Test
    void aJobCreatedBehindAGateways503IsFollowedNotStartedAgain(JenkinsRule rule) throws Exception {
        start(rule, SdeFixture.builder());

        WorkflowRun b = run("def r = sdeJob(kind: 'alm', connection: 8)\necho \"succeeded=${r.succeeded}\"", Result.SUCCESS);

        j.assertLogContains("HTTP 503", b);
        j.assertLogContains("but SD Elements had created alm job", b);
        j.assertLogContains("succeeded=true", b);
        assertThat(sim.count("POST", "/api/v2/jobs/alm/")).isEqualTo(1);
        assertThat(sim.jobsFor(8)).isEqualTo(1);
    }

    @Test
    void aWaitWhoseThreadsAreStoppedEndsTheStepInsteadOfHangingIt(JenkinsRule rule) throws Exception {
        start(rule, SdeFixture.builder());
        WorkflowRun b = begin("sdeJob kind: 'alm', connection: 4"); // queued for 10 minutes
        j.waitForMessage("queued or running", b);

        SdeJobsRuntime.get().engine().close(); // the engine's threads go, as when a host stops them

        j.assertBuildStatus(Result.FAILURE, j.waitForCompletion(b));
        j.assertLogContains("Stopped waiting for alm job", b);
        j.assertLogContains("the threads that poll it have been stopped", b);
        j.assertLogNotContains("\tat ", b);
    }

    /** Aborted while the connection's pending jobs are still being read: nothing is posted, then or later. */
    @Test
    void anAbortBeforeThePostStartsNoJob(JenkinsRule rule) throws Exception {
        start(rule, SdeFixture.builder().listPageDelay(Duration.ofSeconds(2))); // the snapshot takes 2 s
        WorkflowRun b = begin("sdeJob kind: 'alm', connection: 5");
        await().until(() -> sim.requestLog().stream().anyMatch(r -> r.startsWith("GET /api/v2/jobs/alm/?") && r.contains("connection=5")));

        b.doStop();
        j.assertBuildStatus(Result.ABORTED, j.waitForCompletion(b));
        // real time: the snapshot is answered about 2 s after it was asked for; a POST would follow at once
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> sim.count("POST", "/api/v2/jobs/alm/") == 0);

        assertThat(sim.jobsFor(5)).isZero();
    }

    @Test
    void abortingAListStopsItsPaging(JenkinsRule rule) throws Exception {
        start(rule, SdeFixture.builder().listPageDelay(Duration.ofMillis(700)));
        var client = io.jenkins.plugins.sdejobs.engine.SdeClient.builder(sim.url(),
                io.jenkins.plugins.sdejobs.engine.ApiToken.of(sim.token())).build();
        for (int i = 0; i < 1000; i++) {
            client.recordResultAsync(io.jenkins.plugins.sdejobs.engine.JobKind.LDAP, 3, Outcome.succeeded("run " + i), Trigger.MANUAL);
        }
        await().until(() -> sim.count("POST", "/api/v2/jobs/ldap/") >= 1000);
        WorkflowRun b = begin("sdeJobList kind: 'ldap'");
        await().until(() -> sim.count("GET", "/api/v2/jobs/ldap/") >= 2);

        b.doStop();
        j.assertBuildStatus(Result.ABORTED, j.waitForCompletion(b));
        long pagesAtAbort = sim.count("GET", "/api/v2/jobs/ldap/");
        // real time: a page is answered every 700 ms, so three more would come in it
        await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(5))
                .until(() -> sim.count("GET", "/api/v2/jobs/ldap/") <= pagesAtAbort);
        assertThat(pagesAtAbort).as("pages before the abort, of 10").isLessThan(10);
    }

    @Test
    void twentyParallelBranchesAllReachTheBuildPage(JenkinsRule rule) throws Exception {
        start(rule, SdeFixture.builder());
        String branches = IntStream.range(0, 20).mapToObj(i -> "b" + i + ": { sdeJob kind: 'analysis', connection: 2 }")
                .collect(Collectors.joining(", "));

        WorkflowRun b = run("parallel(" + branches + ")", Result.SUCCESS);

        assertThat(b.getAction(SdeJobsAction.class).getEntries()).hasSize(20);
        String saved = Files.readString(b.getRootDir().toPath().resolve("build.xml"));
        assertThat(saved.split("<io.jenkins.plugins.sdejobs.SdeJobsAction_-Entry>", -1)).as("entries saved").hasSize(21);
        j.assertLogNotContains("ConcurrentModificationException", b);
        j.assertLogNotContains("Could not save", b);
    }

    @Test
    void theFlowGraphShowsKindAndConnectionOrJob(JenkinsRule rule) throws Exception {
        start(rule, SdeFixture.builder());
        WorkflowRun b = run("def r = sdeJob(kind: 'alm', connection: 1, wait: false)\n"
                + "sdeJobWait kind: 'alm', id: r.id\nsdeJobList kind: 'ldap', connection: 3", Result.SUCCESS);

        List<String> labels = new DepthFirstScanner().allNodes(b.getExecution()).stream()
                .map(ArgumentsAction::getStepArgumentsAsString).filter(s -> s != null).toList();

        long id = b.getAction(SdeJobsAction.class).getEntries().get(0).getId();
        assertThat(labels).contains("alm #1", "alm job " + id, "ldap #3");
    }

    @Test
    void whatIsSavedWithTheBuildHoldsNoEngineTypes(JenkinsRule rule) throws Exception {
        start(rule, SdeFixture.builder());
        WorkflowRun b = begin("sdeJob kind: 'alm', connection: 4"); // stays queued
        j.waitForMessage("queued or running", b);
        b.save();

        String programDat = new String(Files.readAllBytes(b.getRootDir().toPath().resolve("program.dat")),
                StandardCharsets.ISO_8859_1);
        assertThat(programDat).contains("JobExecution").doesNotContain("io.jenkins.plugins.sdejobs.engine");
        b.doStop();
        j.waitForCompletion(b);
    }

    @Test
    void jobIdsArePrintedWithoutDigitGrouping(JenkinsRule rule) throws Exception {
        start(rule, SdeFixture.builder().firstJobId(123456));
        WorkflowRun b = run("def r = sdeJob(kind: 'alm', connection: 1, wait: false)\nsdeJobWait kind: 'alm', id: r.id", Result.SUCCESS);

        j.assertLogContains("Waiting for alm job 123456 on server 'sim'", b);
        j.assertLogNotContains("123,456", b);
    }

    @Test
    void aTimeoutIsNotAnnouncedAsARetryAndTheTimesAgree(JenkinsRule rule) throws Exception {
        start(rule, SdeFixture.builder());
        WorkflowRun timedOut = run("sdeJob kind: 'alm', connection: 4, timeout: '3s'", Result.FAILURE);
        WorkflowRun done = run("sdeJob kind: 'alm', connection: 1", Result.SUCCESS);

        j.assertLogContains("Timed out", timedOut);
        j.assertLogNotContains("will retry", timedOut);
        String log = JenkinsRule.getLog(done);
        double status = seconds(log, ": succeeded \\(([0-9.]+)(m?s)\\)");
        double last = seconds(log, "succeeded after ([0-9.]+)(m?s)");
        assertThat(last - status).as("the status line and the last line count from the same start").isBetween(0.0, 1.0);
    }

    private static double seconds(String log, String pattern) {
        Matcher m = Pattern.compile(pattern).matcher(log);
        assertThat(m.find()).as(pattern + " in\n" + log).isTrue();
        return Double.parseDouble(m.group(1)) / (m.group(2).equals("ms") ? 1000 : 1);
    }
}
