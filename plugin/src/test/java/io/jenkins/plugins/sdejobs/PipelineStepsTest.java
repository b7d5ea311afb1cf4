package io.jenkins.plugins.sdejobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.cloudbees.hudson.plugins.folder.Folder;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.domains.Domain;
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl;
import hudson.model.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import io.jenkins.plugins.sdejobs.config.SdeGlobalConfiguration;
import io.jenkins.plugins.sdejobs.engine.Trigger;
import io.jenkins.plugins.sdejobs.engine.Outcome;
import io.jenkins.plugins.sdejobs.engine.ApiToken;
import io.jenkins.plugins.sdejobs.engine.JobKind;
import io.jenkins.plugins.sdejobs.engine.SdeClient;
import io.jenkins.plugins.sdejobs.pipeline.SdeJobReportStep;
import io.jenkins.plugins.sdejobs.pipeline.SdeJobStep;
import io.jenkins.plugins.sdejobs.pipeline.SdeJobWaitStep;
import io.jenkins.plugins.sdejobs.pipeline.SdeJobListStep;
import io.jenkins.plugins.sdejobs.simulator.SimConnection;
import io.jenkins.plugins.sdejobs.simulator.Simulator;
import org.jenkinsci.plugins.workflow.actions.WarningAction;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.graphanalysis.DepthFirstScanner;
import org.jenkinsci.plugins.workflow.cps.Snippetizer;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.steps.StepConfigTester;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** The Pipeline steps against the simulator, end to end. */
@WithJenkins
class PipelineStepsTest {
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

    private WorkflowRun run(String script, Result expected) throws Exception {
        WorkflowJob p = j.jenkins.createProject(WorkflowJob.class, "p" + j.jenkins.getItems().size());
        p.setDefinition(new CpsFlowDefinition(script, true));
        WorkflowRun b = j.buildAndAssertStatus(expected, p);
        assertNoSecrets(b);
        return b;
    }

    /** Neither the log nor anything saved with the build (build.xml, program.dat, ...) holds a secret. */
    private void assertNoSecrets(WorkflowRun b) throws Exception {
        StringBuilder saved = new StringBuilder(JenkinsRule.getLog(b));
        try (Stream<Path> files = Files.walk(b.getRootDir().toPath())) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                saved.append(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
            }
        }
        for (String secret : sim.secrets()) {
            assertThat(saved.toString()).as("the build's log or files leak a secret").doesNotContain(secret);
        }
    }

    @Test
    void sdeJobStartsAJobWaitsAndReturnsAMap() throws Exception {
        WorkflowRun b = run("def r = sdeJob(kind: 'alm', connection: 1)\n"
                + "echo \"id=${r.id} succeeded=${r.succeeded} ready=${r.ready} alias=${r.connectionAlias} server=${r.server}"
                + " triggeredBy=${r.triggeredBy}\"", Result.SUCCESS);

        j.assertLogContains("succeeded=true ready=true alias=Jira server=sim triggeredBy=" + Simulator.USER_EMAIL, b);
        assertThat(b.getRootDir().toPath().resolve("build.xml")).content().contains("SdeJobsAction");
        j.assertLogContains("[SD Elements] Started alm job", b);
        j.assertLogContains("queued or running", b);
        assertThat(sim.count("POST", "/api/v2/jobs/alm/")).isEqualTo(1);
        SdeJobsAction action = b.getAction(SdeJobsAction.class);
        assertThat(action.getEntries()).singleElement().satisfies(e -> {
            assertThat(e.getOutcome()).isEqualTo("succeeded");
            assertThat(e.getConnection()).isEqualTo("Jira (#1)");
            assertThat(e.getTriggeredBy()).isEqualTo(Simulator.USER_EMAIL);
        });
    }

    @Test
    void aConnectionIsNamedByItsAliasLookedUpOnceBeforeThePost() throws Exception {
        WorkflowRun b = run("def r = sdeJob(kind: 'alm', connection: 'slow jira', wait: false)\n"
                + "echo \"connection=${r.connectionId}\"", Result.SUCCESS);

        j.assertLogContains("Connection 'slow jira' is alm connection #4.", b);
        j.assertLogContains("connection=4", b);
        assertThat(sim.requestLog()).containsExactly("GET /api/v2/connections/alm/?page_size=100",
                "GET /api/v2/jobs/alm/?page_size=100&connection=4&ready=false", "POST /api/v2/jobs/alm/");
    }

    @Test
    void anAliasThatMatchesNoneOrSeveralFailsWithOneLineAndStartsNothing() throws Exception {
        sim.close();
        sim = SdeFixture.builder().connection(SimConnection.of(9, "alm").alias("jira")).start();
        SdeFixture.configure(j, sim);

        WorkflowRun none = run("sdeJob(kind: 'alm', connection: 'Jira Clod')", Result.FAILURE);
        WorkflowRun several = run("sdeJobReport(kind: 'alm', connection: 'JIRA', succeeded: true, message: 'm')", Result.FAILURE);

        j.assertLogContains("ERROR: No alm connection that this token's user can see is named 'Jira Clod' (it sees 'Jira', 'jira',", none);
        j.assertLogContains("ERROR: 'JIRA' names 2 alm connections (#1, #9): give the connection's id instead.", several);
        for (WorkflowRun b : List.of(none, several)) {
            j.assertLogNotContains("\tat ", b);
        }
        assertThat(sim.requestLog()).allMatch(line -> line.startsWith("GET /api/v2/connections/alm/"));
    }

    @Test
    void sdeConnectionListReturnsIdAliasSystemProjectAndLastJob() throws Exception {
        long id = SdeClient.builder(sim.url(), ApiToken.of(sim.token())).build().initiate(JobKind.ALM, 4, Trigger.MANUAL).id();

        WorkflowRun b = run("def cs = sdeConnectionList(kind: 'alm')\n"
                + "def slow = cs.find { it.alias == 'Slow Jira' }\n"
                + "echo \"n=${cs.size()} id=${slow.id} system=${slow.system} last=${slow.lastJob.id} ready=${slow.lastJob.ready}"
                + " keys=${slow.keySet()} never=${cs.find { it.id == 1 }.lastJob}\"", Result.SUCCESS);

        j.assertLogContains("n=5 id=4 system=JIRA last=" + id + " ready=false keys=[id, alias, system, project, lastJob] never=null", b);
    }

    @Test
    void aFailedJobFailsTheBuildWithItsMessage() throws Exception {
        WorkflowRun b = run("sdeJob(kind: 'ldap', connection: 3)", Result.FAILURE);

        j.assertLogContains(SdeFixture.FAILURE, b);
        j.assertLogNotContains("\tat io.jenkins", b); // an AbortException: no stack trace
    }

    @Test
    void propagateFalseReturnsTheFailure() throws Exception {
        WorkflowRun b = run("def r = sdeJob(kind: 'ldap', connection: 3, propagate: false)\n"
                + "echo \"succeeded=${r.succeeded} message=${r.resultMessage}\"", Result.SUCCESS);

        j.assertLogContains("succeeded=false message=" + SdeFixture.FAILURE, b);
    }

    @Test
    void startEarlyWaitLater() throws Exception {
        WorkflowRun b = run("def started = sdeJob(kind: 'analysis', connection: 2, wait: false)\n"
                + "echo \"ready at start=${started.ready}\"\n"
                + "def done = sdeJobWait(kind: 'analysis', id: started.id)\n"
                + "echo \"ready at end=${done.ready} succeeded=${done.succeeded}\"", Result.SUCCESS);

        j.assertLogContains("ready at start=false", b);
        j.assertLogContains("ready at end=true succeeded=true", b);
        assertThat(sim.count("POST", "/api/v2/jobs/analysis/")).isEqualTo(1);
    }

    @Test
    void anUnstableFailedJobResultMarksTheBuildAndTheStageAndReturnsTheMap() throws Exception {
        // no stage step in this Jenkins (pipeline-stage-step is not built): the warning goes on the step's own node
        WorkflowRun b = run("def r = sdeJob(kind: 'ldap', connection: 3, failedJobResult: 'UNSTABLE')\n"
                + "echo \"went on succeeded=${r.succeeded}\"\n"
                + "def w = sdeJobWait(kind: 'ldap', id: sdeJob(kind: 'ldap', connection: 3, wait: false).id, failedJobResult: 'UNSTABLE')\n"
                + "echo \"waited succeeded=${w.succeeded}\"", Result.UNSTABLE);

        j.assertLogContains("went on succeeded=false", b);
        j.assertLogContains("waited succeeded=false", b);
        j.assertLogContains("The build is UNSTABLE (failedJobResult: 'UNSTABLE')", b);
        List<WarningAction> warnings = new DepthFirstScanner().allNodes(b.getExecution()).stream()
                .map(n -> n.getPersistentAction(WarningAction.class)).filter(java.util.Objects::nonNull).toList();
        assertThat(warnings).hasSize(2).allSatisfy(w -> {
            assertThat(w.getResult()).isEqualTo(Result.UNSTABLE);
            assertThat(w.getMessage()).contains("ldap job").contains(SdeFixture.FAILURE);
        });
    }

    @Test
    void aSuccessFailedJobResultOnlyLogs() throws Exception {
        WorkflowRun b = run("def r = sdeJob(kind: 'ldap', connection: 3, failedJobResult: 'SUCCESS')\n"
                + "echo \"succeeded=${r.succeeded}\"", Result.SUCCESS);

        j.assertLogContains(SdeFixture.FAILURE, b);
        j.assertLogContains("succeeded=false", b);
    }

    @Test
    void contradictoryOrUnknownFailedJobResultsAreRefusedWithOneLine() throws Exception {
        WorkflowRun both = run("sdeJob(kind: 'alm', connection: 1, propagate: false, failedJobResult: 'UNSTABLE')", Result.FAILURE);
        WorkflowRun bad = run("sdeJobWait(kind: 'alm', id: 5, failedJobResult: 'MAYBE')", Result.FAILURE);
        WorkflowRun agreeing = run("sdeJob(kind: 'ldap', connection: 3, propagate: false, failedJobResult: 'SUCCESS')", Result.SUCCESS);

        j.assertLogContains("ERROR: sdeJob: propagate: false means never change the build's result, but failedJobResult:"
                + " 'UNSTABLE' changes it: give one of the two", both);
        j.assertLogContains("ERROR: sdeJobWait: failedJobResult must be FAILURE, UNSTABLE or SUCCESS, not MAYBE", bad);
        j.assertLogContains(SdeFixture.FAILURE, agreeing);
        assertThat(sim.count("POST", "/api/v2/jobs/alm/")).isZero();
    }

    @Test
    void whenPendingJoinWaitsForTheQueuedJobInsteadOfStartingAnother() throws Exception {
        long queued = sim.startJobAs(5, "colleague@example.com"); // ready after 8 s

        WorkflowRun b = run("def r = sdeJob(kind: 'alm', connection: 5, whenPending: 'join')\n"
                + "echo \"waited for ${r.id} succeeded=${r.succeeded}\"\n"
                + "def n = sdeJob(kind: 'alm', connection: 1, whenPending: 'join', wait: false)\n"
                + "echo \"started ${n.id}\"", Result.SUCCESS);

        j.assertLogContains("Joined alm job " + queued + " (Jira, a few seconds (#5)) on server 'sim', already pending"
                + " (started by colleague@example.com), instead of starting another", b);
        j.assertLogContains("waited for " + queued + " succeeded=true", b);
        assertThat(sim.count("POST", "/api/v2/jobs/alm/")).as("only connection 1's, which had none pending").isEqualTo(1);
        assertThat(sim.jobsFor(5)).isEqualTo(1);
        long started = lastJobOf(1);
        j.assertLogContains("started " + started, b);
        assertThat(b.getAction(SdeJobsAction.class).getEntries()).extracting(SdeJobsAction.Entry::getId, SdeJobsAction.Entry::isJoined)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(queued, true), org.assertj.core.groups.Tuple.tuple(started, false));
        WorkflowRun bad = run("sdeJob(kind: 'alm', connection: 1, whenPending: 'always')", Result.FAILURE);
        j.assertLogContains("ERROR: sdeJob: whenPending must be 'start' or 'join', not always", bad);
    }

    /** The newest job of {@code connection}, read from SD Elements. */
    private long lastJobOf(long connection) throws Exception {
        return SdeClient.builder(sim.url(), ApiToken.of(sim.token())).build()
                .listJobs(JobKind.ALM, io.jenkins.plugins.sdejobs.engine.JobFilter.ALL.withConnection(connection)).stream()
                .mapToLong(io.jenkins.plugins.sdejobs.engine.Job::id).max().orElseThrow();
    }

    @Test
    void propagateWithoutWaitIsSaidToMeanNothing() throws Exception {
        WorkflowRun given = run("sdeJob(kind: 'analysis', connection: 2, wait: false, propagate: false)", Result.SUCCESS);
        WorkflowRun omitted = run("sdeJob(kind: 'analysis', connection: 2, wait: false)", Result.SUCCESS);

        j.assertLogContains("Warning: propagate has no effect with wait: false", given);
        j.assertLogNotContains("propagate", omitted);
    }

    @Test
    void parallelWaitsShareNoExecutor() throws Exception {
        j.jenkins.setNumExecutors(0); // the steps need no node
        WorkflowRun b = run("parallel a: { sdeJob(kind: 'alm', connection: 1) }, b: { sdeJob(kind: 'analysis', connection: 2) }",
                Result.SUCCESS);

        assertThat(b.getAction(SdeJobsAction.class).getEntries()).hasSize(2);
    }

    @Test
    void aTimeoutFailsNamingTheJob() throws Exception {
        WorkflowRun b = run("sdeJob(kind: 'alm', connection: 4, timeout: '3s')", Result.FAILURE);

        j.assertLogContains("Timed out after", b);
        j.assertLogContains("keeps running in SD Elements", b);
    }

    @Test
    void abortingStopsPollingAndSaysTheJobKeepsRunning() throws Exception {
        WorkflowJob p = j.jenkins.createProject(WorkflowJob.class, "abort");
        p.setDefinition(new CpsFlowDefinition("sdeJob(kind: 'alm', connection: 4)", true));
        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        j.waitForMessage("queued or running", b);

        b.doStop();
        j.assertBuildStatus(Result.ABORTED, j.waitForCompletion(b));
        long polls = sim.count("GET", "/api/v2/jobs/alm/");
        // real time: the wait would have polled at least twice in it
        await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(5))
                .until(() -> sim.count("GET", "/api/v2/jobs/alm/") == polls);

        j.assertLogContains("keeps running in SD Elements", b);
        assertThat(sim.count("GET", "/api/v2/jobs/alm/")).isEqualTo(polls);
    }

    @Test
    void missingCredentialsFailClearly() throws Exception {
        WorkflowRun b = run("sdeJob(kind: 'alm', connection: 1, credentialsId: 'nope')", Result.FAILURE);

        j.assertLogContains("No Secret text credentials with id 'nope'", b);
        assertThat(sim.requestCount()).isZero();
    }

    @Test
    void withTheServerTokenRefusedToBuildsOnlyAStepsOwnCredentialsWork() throws Exception {
        SdeGlobalConfiguration.get().setUseServerTokenInBuilds(false);

        WorkflowRun refused = run("sdeJob(kind: 'alm', connection: 1)", Result.FAILURE);
        long before = sim.requestCount();
        WorkflowRun own = run("sdeJob(kind: 'alm', connection: 1, credentialsId: '" + SdeFixture.CREDENTIALS + "')", Result.SUCCESS);

        j.assertLogContains("ERROR: Builds may not use the token of SD Elements server 'sim' (Manage Jenkins » System » SD Elements):"
                + " give this step its own credentialsId.", refused);
        j.assertLogNotContains("\tat ", refused);
        assertThat(before).as("nothing sent for the refused build").isZero();
        j.assertLogContains("Started alm job", own);
    }

    @Test
    void credentialsOfTheWrongTypeFailClearly() throws Exception {
        CredentialsProvider.lookupStores(j.jenkins).iterator().next().addCredentials(Domain.global(),
                new UsernamePasswordCredentialsImpl(CredentialsScope.GLOBAL, "userpass", "", "bob", "hunter2-password"));

        WorkflowRun b = run("sdeJob(kind: 'alm', connection: 1, credentialsId: 'userpass')", Result.FAILURE);

        j.assertLogContains("SD Elements needs Secret text credentials", b);
        j.assertLogNotContains("hunter2-password", b);
        assertThat(sim.requestCount()).isZero();
    }

    @Test
    void aWrongTokenFailsWithTheServersAnswer() throws Exception {
        SdeFixture.addToken(j.jenkins, "wrong", "not-the-token");

        WorkflowRun b = run("sdeJob(kind: 'alm', connection: 1, credentialsId: 'wrong')", Result.FAILURE);

        j.assertLogContains("HTTP 401: Invalid token.", b);
    }

    @Test
    void folderCredentialsAreFoundThroughTheRun() throws Exception {
        Folder team = j.jenkins.createProject(Folder.class, "team");
        SdeFixture.addToken(team, "team-token", sim.token());
        WorkflowJob p = team.createProject(WorkflowJob.class, "sync");
        p.setDefinition(new CpsFlowDefinition("sdeJob(kind: 'alm', connection: 1, credentialsId: 'team-token')", true));

        j.buildAndAssertSuccess(p);
    }

    @Test
    void sdeJobResultRecordsAResult() throws Exception {
        WorkflowRun b = run("def r = sdeJobReport(kind: 'analysis', connection: 2, succeeded: false, message: 'Found 3 criticals')\n"
                + "echo \"ready=${r.ready} succeeded=${r.succeeded} message=${r.resultMessage}\"", Result.SUCCESS);

        j.assertLogContains("ready=true succeeded=false message=Found 3 criticals", b);
    }

    @Test
    void sdeJobsListsEveryPage() throws Exception {
        SdeClient client = SdeClient.builder(sim.url(), ApiToken.of(sim.token())).build();
        for (int i = 0; i < 150; i++) {
            client.recordResult(JobKind.LDAP, 3, new Outcome(i % 3 == 0, "run " + i), Trigger.MANUAL);
        }

        WorkflowRun b = run("def all = sdeJobList(kind: 'ldap')\n"
                + "def good = sdeJobList(kind: 'ldap', connection: 3, succeeded: true)\n"
                + "echo \"all=${all.size()} good=${good.size()} first=${all[0].kind}\"", Result.SUCCESS);

        j.assertLogContains("all=150 good=50 first=ldap", b);
        j.assertLogNotContains("jobs matched", b);

        WorkflowRun limited = run("def some = sdeJobList(kind: 'ldap', limit: 100)\n"
                + "echo \"some=${some.size()} newest first=${some[0].id > some[99].id}\"", Result.SUCCESS);
        j.assertLogContains("some=100 newest first=true", limited);
        j.assertLogContains("150 ldap jobs matched; returned the newest 100 (limit: 100). Narrow the filters, or raise limit.", limited);
        WorkflowRun bad = run("sdeJobList(kind: 'ldap', limit: 0)", Result.FAILURE);
        j.assertLogContains("ERROR: sdeJobList: limit must be between 1 and 100000, not 0", bad);
    }

    @Test
    void badStepArgumentsAreRefusedWithOneLineBeforeAnythingIsSent() throws Exception {
        WorkflowRun kind = run("sdeJob(kind: 'jira', connection: 1)", Result.FAILURE);
        WorkflowRun timeout = run("sdeJob(kind: 'alm', connection: 1, timeout: 'soon')", Result.FAILURE);
        WorkflowRun connection = run("sdeJobReport(kind: 'alm', connection: 0, succeeded: true, message: 'x')", Result.FAILURE);
        WorkflowRun id = run("sdeJobWait(kind: 'alm', id: -4)", Result.FAILURE);

        j.assertLogContains("ERROR: sdeJob: Unknown job kind 'jira': use alm, analysis or ldap", kind);
        j.assertLogContains("ERROR: sdeJob: timeout: Invalid duration 'soon'", timeout);
        j.assertLogContains("ERROR: sdeJobReport: '0' is not a valid connection id: ids are positive numbers", connection);
        j.assertLogContains("ERROR: sdeJobWait: id must be a positive job id, such as 42, not -4", id);
        for (WorkflowRun b : List.of(kind, timeout, connection, id)) {
            j.assertLogNotContains("\tat ", b); // no stack trace
            j.assertLogNotContains("Exception", b);
        }
        assertThat(sim.requestCount()).isZero();
    }

    @Test
    void stepsRoundTripThroughTheirFormsAndSnippetsOmitDefaults() throws Exception {
        SdeJobStep step = new SdeJobStep("alm", "12");
        step.setTimeout("30m");
        step.setServer("sim");
        new StepConfigTester(j).configRoundTrip(step);
        j.assertEqualDataBoundBeans(step, new StepConfigTester(j).configRoundTrip(step));
        SdeJobWaitStep wait = new SdeJobWaitStep("ldap", 42);
        j.assertEqualDataBoundBeans(wait, new StepConfigTester(j).configRoundTrip(wait));
        wait.setFailedJobResult("UNSTABLE");
        j.assertEqualDataBoundBeans(wait, new StepConfigTester(j).configRoundTrip(wait));
        assertThat(Snippetizer.object2Groovy(wait)).isEqualTo("sdeJobWait failedJobResult: 'UNSTABLE', id: 42, kind: 'ldap'");
        SdeJobReportStep result = new SdeJobReportStep("analysis", "7", true, "ok");
        j.assertEqualDataBoundBeans(result, new StepConfigTester(j).configRoundTrip(result));
        SdeJobListStep list = new SdeJobListStep("alm");
        j.assertEqualDataBoundBeans(list, new StepConfigTester(j).configRoundTrip(list));

        assertThat(Snippetizer.object2Groovy(new SdeJobStep("alm", "12"))).isEqualTo("sdeJob connection: 12, kind: 'alm'");
        assertThat(Snippetizer.object2Groovy(new SdeJobStep("alm", "Jira Cloud"))).isEqualTo("sdeJob connection: 'Jira Cloud', kind: 'alm'");
        SdeJobStep named = new SdeJobStep("alm", "Jira Cloud");
        j.assertEqualDataBoundBeans(named, new StepConfigTester(j).configRoundTrip(named));
        assertThat(Snippetizer.object2Groovy(step)).isEqualTo("sdeJob connection: 12, kind: 'alm', server: 'sim', timeout: '30m'");
    }
}
