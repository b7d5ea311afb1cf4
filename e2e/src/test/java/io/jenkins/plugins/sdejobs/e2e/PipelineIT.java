package io.jenkins.plugins.sdejobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.sdejobs.e2e.Builds.Build;
import io.jenkins.plugins.sdejobs.simulator.ServerMode;
import io.jenkins.plugins.sdejobs.simulator.Simulator;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Scenarios 4, 5 and 10: Pipeline builds that use the steps, checked by their result, their console text and
 * the simulator's request log; aborting a waiting build; the build page.
 */
@Order(10)
class PipelineIT {
    private final JenkinsInstance jenkins = Suite.jenkins();
    private final Simulator sim = Suite.simulator();
    private final Builds builds = new Builds(jenkins.admin());

    private long posts(String kind) { return sim.count("POST", "/api/v2/jobs/" + kind + "/"); }

    private static long millis(String duration) {
        return duration.endsWith("ms") ? Long.parseLong(duration.replace("ms", ""))
                : Math.round(Double.parseDouble(duration.replace("s", "")) * 1000);
    }

    @Test
    void sdeJobStartsOneJobWaitsAndLogsItsIdLinkAndOutcome() {
        long before = posts("alm");
        Build b = builds.runPipeline("alm-sync", "def r = sdeJob(kind: 'alm', connection: 1)\n"
                + "echo \"returned id=${r.id} succeeded=${r.succeeded} alias=${r.connectionAlias}\"");

        long id = SimApi.jobIdIn(b.console());
        assertThat(b.result()).isEqualTo("SUCCESS");
        assertThat(b.console())
                .contains("Started alm job " + id + " (Jira Cloud (#1)) on server 'sim': " + sim.url() + "/api/v2/jobs/alm/" + id + "/")
                .contains("alm job " + id + " (Jira Cloud (#1)) succeeded after")
                .contains("returned id=" + id + " succeeded=true alias=Jira Cloud")
                .doesNotContain(String.format("%,d", id)); // ids are copied into sdeJobWait(id:): no grouping
        assertThat(id).isGreaterThan(99_999);
        assertThat(posts("alm") - before).as("POSTs").isEqualTo(1);
        Matcher status = Pattern.compile(": succeeded \\(([0-9.]+m?s)\\)").matcher(b.console());
        Matcher last = Pattern.compile("succeeded after ([0-9.]+m?s)").matcher(b.console());
        assertThat(status.find() && last.find()).isTrue();
        assertThat(millis(last.group(1)) - millis(status.group(1))).as("one clock for every line").isBetween(0L, 1000L);
    }

    /**
     * The ambiguous POST on a current (5.x) server: SD Elements created the job, nginx answered its HTML 503. The job
     * runs as the worker account and names the person in triggered_by; it is adopted, never duplicated.
     */
    @Test
    void aJobCreatedBehindA503IsFollowedNotStartedTwice() {
        assertThat(sim.mode()).isEqualTo(ServerMode.CURRENT);
        long before = posts("alm");
        Build b = builds.runPipeline("behind-503", "def r = sdeJob(kind: 'alm', connection: 5)\n"
                + "echo \"succeeded=${r.succeeded} triggeredBy=${r.triggeredBy}\"");

        assertThat(b.result()).isEqualTo("SUCCESS");
        assertThat(b.console()).contains("HTTP 503").contains("but SD Elements had created alm job")
                .contains("succeeded=true triggeredBy=" + Simulator.USER_EMAIL).doesNotContain("<html");
        assertThat(posts("alm") - before).as("POSTs").isEqualTo(1);
        assertThat(sim.jobsFor(Suite.ALM_BEHIND_503)).as("jobs").isEqualTo(1);
    }

    /** People name connections as they know them, list them, and see who started a job. */
    @Test
    void aConnectionNamedByItsAliasAndTheConnectionsListed() {
        long lookups = sim.count("GET", "/api/v2/connections/");
        Build b = builds.runPipeline("by-name", "def r = sdeJob(kind: 'alm', connection: 'Jira Cloud')\n"
                + "echo \"connection=${r.connectionId} triggeredBy=${r.triggeredBy}\"\n"
                + "def cs = sdeConnectionList(kind: 'analysis')\n"
                + "echo \"listed=${cs.collect { it.id + ':' + it.alias }} keys=${cs[0].keySet()}\"");

        assertThat(b.result()).isEqualTo("SUCCESS");
        assertThat(b.console()).contains("Connection 'Jira Cloud' is alm connection #1.")
                .contains("connection=1 triggeredBy=" + Simulator.USER_EMAIL)
                .contains("listed=[2:Checkmarx SAST, 6:Fortify gate] keys=[id, alias, system, project, lastJob]");
        assertThat(sim.count("GET", "/api/v2/connections/") - lookups).as("one look-up, one listing").isEqualTo(2);
        for (String secret : sim.secrets()) {
            assertThat(b.console()).doesNotContain(secret);
        }
    }

    @Test
    void aNameThatMatchesNoConnectionFailsWithOneLineAndStartsNothing() {
        long before = posts("alm");
        Build b = builds.runPipeline("no-such-name", "sdeJob kind: 'alm', connection: 'Jira Clod'");

        assertThat(b.result()).isEqualTo("FAILURE");
        assertThat(b.console()).contains("ERROR: No alm connection that this token's user can see is named 'Jira Clod'"
                + " (it sees 'Jira behind a gateway', 'Jira Cloud', 'Slow Jira'): give one of those names, or the connection's id.")
                .doesNotContain("\tat ");
        assertThat(posts("alm") - before).isZero();
    }

    @Test
    void aFailedJobFailsTheBuildWithItsMessageAndNoStackTrace() {
        Build b = builds.runPipeline("ldap-fails", "sdeJob kind: 'ldap', connection: 3");

        assertThat(b.result()).isEqualTo("FAILURE");
        assertThat(b.console()).contains("ERROR: SD Elements ldap job").contains("failed: " + Suite.LDAP_FAILURE)
                .doesNotContain("\tat ").doesNotContain("Exception");
    }

    @Test
    void anUnstableFailedJobResultMarksTheBuildUnstableAndGoesOn() {
        Build b = builds.runPipeline("ldap-unstable", "def r = sdeJob(kind: 'ldap', connection: 3, failedJobResult: 'UNSTABLE')\n"
                + "echo \"went on succeeded=${r.succeeded}\"");

        assertThat(b.result()).isEqualTo("UNSTABLE");
        assertThat(b.console()).contains("failed: " + Suite.LDAP_FAILURE)
                .contains("The build is UNSTABLE (failedJobResult: 'UNSTABLE')").contains("went on succeeded=false")
                .doesNotContain("\tat ");
    }

    @Test
    void propagateFalseReturnsTheFailureToTheScript() {
        Build b = builds.runPipeline("ldap-tolerated", "def r = sdeJob(kind: 'ldap', connection: 3, propagate: false)\n"
                + "echo \"succeeded=${r.succeeded} message=${r.resultMessage}\"");

        assertThat(b.result()).isEqualTo("SUCCESS");
        assertThat(b.console()).contains("succeeded=false message=" + Suite.LDAP_FAILURE);
    }

    @Test
    void startWithoutWaitingThenWaitWithSdeJobWait() {
        long before = posts("analysis");
        Build b = builds.runPipeline("start-then-wait", "def r = sdeJob(kind: 'analysis', connection: 2, wait: false)\n"
                + "echo \"started ${r.id} ready=${r.ready}\"\n"
                + "def done = sdeJobWait(kind: 'analysis', id: r.id)\n"
                + "echo \"waited ${done.id} succeeded=${done.succeeded}\"");

        long id = SimApi.jobIdIn(b.console());
        assertThat(b.result()).isEqualTo("SUCCESS");
        assertThat(b.console()).contains("started " + id + " ready=false", "waited " + id + " succeeded=true");
        assertThat(posts("analysis") - before).isEqualTo(1);
    }

    @Test
    void aTimeoutFailsTheBuildNamingTheJobWhichKeepsRunning() {
        Build b = builds.runPipeline("times-out", "sdeJob kind: 'alm', connection: 4, timeout: '3s'");

        long id = SimApi.jobIdIn(b.console());
        assertThat(b.result()).isEqualTo("FAILURE");
        assertThat(b.console()).contains("alm job " + id).contains("Timed out").doesNotContain("\tat ")
                .doesNotContain("will retry");
        assertThat(SimApi.job(sim, "alm", id).path("ready").asBoolean()).as("the job still runs").isFalse();
    }

    @Test
    void badArgumentsFailWithOneClearLine() {
        long before = sim.requestCount();
        Build kind = builds.runPipeline("bad-kind", "sdeJob kind: 'jira', connection: 1");
        Build timeout = builds.runPipeline("bad-timeout", "sdeJob kind: 'alm', connection: 1, timeout: 'soon'");
        Build connection = builds.runPipeline("bad-connection", "sdeJob kind: 'alm', connection: -3");

        assertThat(kind.console()).contains("ERROR: sdeJob: Unknown job kind 'jira': use alm, analysis or ldap");
        assertThat(timeout.console()).contains("ERROR: sdeJob: timeout: Invalid duration 'soon'");
        assertThat(connection.console()).contains("ERROR: sdeJob: '-3' is not a valid connection id: ids are positive numbers");
        for (Build b : new Build[] {kind, timeout, connection}) {
            assertThat(b.result()).isEqualTo("FAILURE");
            assertThat(b.console()).doesNotContain("\tat ").doesNotContain("Exception");
        }
        assertThat(sim.requestCount()).as("requests sent").isEqualTo(before);
    }

    @Test
    void reportARunThenFindItInTheList() {
        Build b = builds.runPipeline("report-and-list",
                "def r = sdeJobReport(kind: 'analysis', connection: 2, succeeded: false, message: 'Scanner exited 3')\n"
                        + "def failed = sdeJobList(kind: 'analysis', connection: 2, succeeded: false)\n"
                        + "echo \"reported=${r.id} ready=${r.ready} listed=${failed.any { it.id == r.id }}\"");

        long id = SimApi.jobIdIn(b.console().replace("reported=", "analysis job "));
        assertThat(b.result()).isEqualTo("SUCCESS");
        assertThat(b.console()).contains("reported=" + id + " ready=true listed=true");
        assertThat(SimApi.job(sim, "analysis", id).path("result_message").asText()).isEqualTo("Scanner exited 3");
    }

    /**
     * A waiting step whose threads go away (the plugin's engine runtime closed in the script console) ends the
     * build with the error instead of hanging it. The next step gets a fresh runtime.
     */
    @Test
    void aStepWhoseThreadsAreGoneFailsInsteadOfHanging() {
        builds.createPipeline("no-threads", "sdeJob kind: 'alm', connection: 4"); // queued for 10 minutes
        int n = builds.start("no-threads");
        builds.awaitLog("no-threads", n, "queued or running", Duration.ofSeconds(30));

        jenkins.admin().script("io.jenkins.plugins.sdejobs.SdeJobsRuntime.get().engine().close(); println 'ok'");

        Build b = builds.await("no-threads", n, Duration.ofSeconds(30));
        assertThat(b.result()).isEqualTo("FAILURE");
        assertThat(b.console()).contains("Stopped waiting for alm job").contains("the threads that poll it have been stopped")
                .doesNotContain("\tat ");
        assertThat(builds.runPipeline("threads-again", "sdeJob kind: 'alm', connection: 1").result()).isEqualTo("SUCCESS");
    }

    /** Scenario 5. */
    @Test
    void abortingAWaitingBuildEndsItAtOnceAndPollingStops() {
        builds.createPipeline("aborted", "sdeJob kind: 'alm', connection: 4");
        int n = builds.start("aborted");
        builds.awaitLog("aborted", n, "Started alm job", Duration.ofSeconds(30));
        long id = SimApi.jobIdIn(builds.console("aborted", n));
        String polls = "GET /api/v2/jobs/alm/" + id + "/";
        assertThat(Builds.within(Duration.ofSeconds(10), () -> sim.requestLog().stream().anyMatch(l -> l.startsWith(polls))))
                .as("polling").isTrue();

        long stopped = System.nanoTime();
        assertThat(jenkins.admin().post("job/aborted/" + n + "/stop", Map.of()).status()).isLessThan(400);
        Build b = builds.await("aborted", n, Duration.ofSeconds(5));
        long tookMs = (System.nanoTime() - stopped) / 1_000_000;

        assertThat(b.result()).isEqualTo("ABORTED");
        assertThat(tookMs).as("ms from stop to ABORTED").isLessThan(5000);
        assertThat(b.console()).contains("keeps running in SD Elements");
        long afterAbort = sim.requestLog().stream().filter(l -> l.startsWith(polls)).count();
        Builds.sleep(3000); // real time, three poll intervals: that no poll comes can only be seen by waiting
        assertThat(sim.requestLog().stream().filter(l -> l.startsWith(polls)).count()).as("polls after the abort")
                .isEqualTo(afterAbort);
    }

    /** Scenario 10. */
    /** Import, then gate, in a real Jenkins: the check reads the project as the import left it, and the page shows it. */
    @Test
    void anImportThatMakesItsProjectNotCompliantMarksTheBuildUnstableAndThePageShowsTheCheck() {
        Build b = builds.runPipeline("import-then-gate", "def r = sdeJob(kind: 'analysis', connection: 'Fortify gate', riskPolicy: 'UNSTABLE')\n"
                + "echo \"compliant=${r.riskPolicy.compliant}\"\n"
                + "def u = sdeRiskPolicy(project: 'Ledger')\n"
                + "echo \"ledger=${u.compliance}\"");

        assertThat(b.result()).isEqualTo("UNSTABLE");
        assertThat(b.console()).contains("Project Checkout (#60) is not compliant with risk policy 'Default' (it requires: "
                        + "No high-risk countermeasure left incomplete)")
                .contains("The build is UNSTABLE (whenNotCompliant: 'UNSTABLE')")
                .contains("compliant=false").contains("ledger=undetermined");
        String page = jenkins.admin().get("job/import-then-gate/" + b.number() + "/").body();
        String section = page.substring(page.indexOf("id=\"sde-risk\""));
        assertThat(section).contains("<td class=\"sde-compliance\">not compliant</td>", "<td class=\"sde-compliance\">undetermined</td>")
                .contains("<td class=\"sde-after-job\">" + SimApi.jobIdIn(b.console()) + "</td>");
    }

    @Test
    void theBuildPageListsEachJobWithKindIdOutcomeAndALinkToSdElements() {
        Build b = builds.runPipeline("build-page", "sdeJob kind: 'alm', connection: 1\n"
                + "sdeJob kind: 'ldap', connection: 3, propagate: false");
        String page = jenkins.admin().get("job/build-page/" + b.number() + "/").body();

        assertThat(page).contains("id=\"sde-jobs\"");
        String section = page.substring(page.indexOf("id=\"sde-jobs\""));
        for (String line : b.console().lines().filter(l -> l.contains("] Started ")).toList()) {
            long id = SimApi.jobIdIn(line);
            String kind = line.contains("ldap job") ? "ldap" : "alm";
            assertThat(section).contains("<a href=\"" + sim.url() + "/api/v2/jobs/" + kind + "/" + id + "/\">" + id + "</a>");
        }
        assertThat(section).contains("<td class=\"sde-kind\">alm</td>", "<td class=\"sde-kind\">ldap</td>",
                "<td class=\"sde-outcome\">succeeded</td>", "<td class=\"sde-outcome\">failed</td>",
                "<td class=\"sde-triggered-by\">" + Simulator.USER_EMAIL + "</td>");
    }
}
