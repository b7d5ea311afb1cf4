package io.jenkins.plugins.sdejobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.sdejobs.engine.RetryPolicy;
import io.jenkins.plugins.sdejobs.simulator.SimConnection;
import io.jenkins.plugins.sdejobs.simulator.SimProject;
import io.jenkins.plugins.sdejobs.simulator.SimRiskPolicy;
import io.jenkins.plugins.sdejobs.simulator.Simulator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The CLI's contract, command by command, through its entry point against the simulator. */
class CliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Real retries, with short waits: the tests check what is retried, not how long the default backoff is. */
    private static final RetryPolicy FAST_RETRY = new RetryPolicy(5, Duration.ofMillis(20), Duration.ofMillis(200));
    private Simulator sim;
    private SimConnection flaky;
    private final Map<String, String> env = new HashMap<>();
    private final StringBuilder everything = new StringBuilder();

    /** One run's outcome. */
    record Result(int code, String out, String err) {
        JsonNode json() throws Exception {
            return JSON.readTree(out);
        }
    }

    @BeforeEach
    void start() {
        flaky = SimConnection.of(5, "alm").alias("Flaky Jira").queuedFor(Duration.ofMillis(100));
        sim = Simulator.standard(Duration.ofMillis(200))
                .connection(flaky)
                .start();
        env.put("SDE_URL", sim.url());
        env.put("SDE_TOKEN", sim.token());
    }

    @AfterEach
    void stop() {
        sim.close();
        // Every test's combined output is scanned: no token and no params secret may ever be printed.
        for (String secret : sim.secrets()) {
            assertThat(everything.toString()).as("CLI output leaks a secret").doesNotContain(secret);
        }
    }

    private Result cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SdeJobsCli.execute(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false, FAST_RETRY);
        Result r = new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        everything.append(r.out).append(r.err);
        return r;
    }

    /**
     * A server with projects for the risk-policy gate: 5 compliant, 6 and 7 compliant until an import of theirs (by
     * connection 20 and 21) makes them not compliant and undetermined, 8 forbidden, 9 and 10 named alike, and
     * analysis connections 22 (an import that keeps project 5 compliant) and 23 (whose imports fail).
     */
    private void gateSimulator() {
        sim.close();
        sim = Simulator.standard(Duration.ofMillis(100))
                .connection(SimConnection.of(20, "analysis").alias("Fortify").project(6).queuedFor(Duration.ofMillis(100))
                        .complianceAfterImport(false))
                .connection(SimConnection.of(21, "analysis").alias("Survey import").project(7).queuedFor(Duration.ofMillis(100))
                        .complianceAfterImport(null))
                .connection(SimConnection.of(22, "analysis").alias("Clean scan").project(5).queuedFor(Duration.ofMillis(100))
                        .complianceAfterImport(true))
                .connection(SimConnection.of(23, "analysis").alias("Broken scan").project(5).queuedFor(Duration.ofMillis(100))
                        .fails("scan upload rejected").complianceAfterImport(false))
                .project(SimProject.of(5, "Payments API").riskPolicy(1))
                .project(SimProject.of(6, "Checkout").riskPolicy(1))
                .project(SimProject.of(7, "Ledger").riskPolicy(1))
                .project(SimProject.of(8, "Secret").forbidden())
                .project(SimProject.of(9, "Twin").compliant(false)).project(SimProject.of(10, "TWIN"))
                .riskPolicy(SimRiskPolicy.of(1, "Default", "No high-risk countermeasure left incomplete"))
                .start();
        env.put("SDE_URL", sim.url());
        env.put("SDE_TOKEN", sim.token());
    }

    @Test
    void riskPolicyExitsZeroOneOrFiveByTheProjectsState() throws Exception {
        gateSimulator();
        cli("run", "--kind", "analysis", "--connection", "20", "--poll", "50ms"); // project 6: not compliant now
        cli("run", "--kind", "analysis", "--connection", "21", "--poll", "50ms"); // project 7: undetermined now

        Result compliant = cli("risk-policy", "--project", "5");
        Result notCompliant = cli("risk-policy", "--project", "Checkout");
        Result undetermined = cli("risk-policy", "--project", "ledger", "--json");

        assertThat(compliant.code()).isEqualTo(Exit.OK);
        assertThat(compliant.out()).startsWith("Project Payments API (#5) is compliant with risk policy 'Default': http")
                .endsWith("/project-5/\n").doesNotContain("requires");
        assertThat(notCompliant.code()).isEqualTo(1);
        assertThat(notCompliant.out()).startsWith("Project Checkout (#6) is not compliant with risk policy 'Default' "
                + "(it requires: No high-risk countermeasure left incomplete): http");
        assertThat(undetermined.code()).isEqualTo(5);
        JsonNode doc = undetermined.json();
        assertThat(doc.path("project").path("id").asLong()).isEqualTo(7);
        assertThat(doc.path("project").get("risk_policy_compliant").isNull()).isTrue();
        assertThat(doc.path("risk_policy").path("name").asText()).isEqualTo("Default");
        assertThat(compliant.err() + notCompliant.err() + undetermined.err()).isEmpty();
    }

    @Test
    void riskPolicyNamesThatMatchNoneOrSeveralOrBadIdsExitTwo() {
        gateSimulator();
        Result none = cli("risk-policy", "--project", "Billing");
        Result several = cli("risk-policy", "--project", "twin");
        Result zero = cli("risk-policy", "--project", "0");

        assertThat(none.code()).isEqualTo(Exit.USAGE);
        assertThat(none.err()).isEqualTo("sde-jobs: No project that this token's user can see is named 'Billing' (it sees "
                + "'Checkout', 'Ledger', 'Payments API', 'Twin', 'TWIN'): give one of those names, or the project's id.\n");
        assertThat(several.code()).isEqualTo(Exit.USAGE);
        assertThat(several.err()).isEqualTo("sde-jobs: 'twin' names 2 projects (#9, #10): give the project's id instead.\n");
        assertThat(zero.code()).isEqualTo(Exit.USAGE);
        assertThat(zero.err()).contains("'0' is not a valid id: ids are positive numbers");
        assertThat(sim.requestLog()).allMatch(r -> r.startsWith("GET /api/v2/projects/?"), "nothing read beyond the lookups");
    }

    @Test
    void riskPolicyOnAForbiddenOrMissingProjectExitsFourInOneLine() {
        gateSimulator();
        Result forbidden = cli("risk-policy", "--project", "8");
        Result missing = cli("risk-policy", "--project", "404");

        assertThat(forbidden.code()).isEqualTo(Exit.SERVER);
        assertThat(forbidden.err().lines()).hasSize(1);
        assertThat(forbidden.err()).contains("403");
        assertThat(missing.code()).isEqualTo(Exit.SERVER);
        assertThat(missing.err().lines()).hasSize(1);
        assertThat(missing.err()).contains("Project matching query does not exist.");
        assertThat(forbidden.err() + missing.err()).doesNotContain("Exception", "\tat ");
    }

    @Test
    void runRiskPolicyGatesOnTheProjectAsTheImportLeftIt() throws Exception {
        gateSimulator();
        assertThat(cli("risk-policy", "--project", "6").code()).as("compliant before the import").isEqualTo(Exit.OK);

        Result flipped = cli("run", "--kind", "analysis", "--connection", "Fortify", "--risk-policy", "--poll", "50ms");
        Result undetermined = cli("run", "--kind", "analysis", "--connection", "21", "--risk-policy", "--poll", "50ms");
        Result clean = cli("run", "--kind", "analysis", "--connection", "22", "--risk-policy", "--poll", "50ms", "--json");

        assertThat(flipped.code()).isEqualTo(1);
        assertThat(flipped.out().lines()).hasSize(2);
        assertThat(flipped.out()).startsWith("analysis job ").contains("succeeded")
                .contains("Project Checkout (#6) is not compliant with risk policy 'Default'");
        assertThat(undetermined.code()).isEqualTo(5);
        assertThat(clean.code()).isEqualTo(Exit.OK);
        JsonNode doc = clean.json(); // one document: the job and the check
        assertThat(doc.path("job").path("succeeded").asBoolean()).isTrue();
        assertThat(doc.path("risk_check").path("project").path("risk_policy_compliant").asBoolean()).isTrue();
    }

    @Test
    void runRiskPolicyNeverChecksAfterAFailedImport() {
        gateSimulator();
        Result r = cli("run", "--kind", "analysis", "--connection", "23", "--risk-policy", "--poll", "50ms");

        assertThat(r.code()).isEqualTo(Exit.JOB_FAILED);
        assertThat(r.out()).contains("failed").contains("scan upload rejected").doesNotContain("Project");
        assertThat(sim.count("GET", "/api/v2/projects/")).isZero();
    }

    @Test
    void runRiskPolicyWithoutAProjectToCheckExitsTwoAndStartsNothing() {
        gateSimulator();
        Result alm = cli("run", "--kind", "alm", "--connection", "1", "--risk-policy");
        Result noWait = cli("run", "--kind", "analysis", "--connection", "20", "--risk-policy", "--no-wait");
        Result noProject = cli("run", "--kind", "analysis", "--connection", "2", "--risk-policy");

        assertThat(alm.code()).isEqualTo(Exit.USAGE);
        assertThat(alm.err()).isEqualTo("sde-jobs: --risk-policy checks the project an analysis import changed: use it with --kind analysis\n");
        assertThat(noWait.code()).isEqualTo(Exit.USAGE);
        assertThat(noWait.err()).contains("drop --no-wait");
        assertThat(noProject.code()).isEqualTo(Exit.USAGE);
        assertThat(noProject.err()).isEqualTo("sde-jobs: --risk-policy: analysis connection Checkmarx (#2) names no project to check\n");
        assertThat(sim.count("POST", "/api/v2/jobs/")).isZero();
    }

    @Test
    void runWaitsAndExitsZeroWhenTheJobSucceeds() {
        Result r = cli("run", "--kind", "alm", "--connection", "1", "--poll", "50ms");

        assertThat(r.code()).isEqualTo(Exit.OK);
        assertThat(r.out()).startsWith("alm job ").contains("succeeded (Jira (#1), JIRA) triggered by admin@example.com: Synced with JIRA");
        assertThat(r.out().lines()).hasSize(1);
        assertThat(r.err()).contains("Started alm job", "queued or running", "succeeded after");
        assertThat(r.err()).doesNotContain("Exception", "\tat ");
    }

    @Test
    void runExitsOneAndPrintsTheMessageWhenTheJobFails() {
        Result r = cli("run", "--kind", "ldap", "--connection", "3", "--poll", "50ms");

        assertThat(r.code()).isEqualTo(Exit.JOB_FAILED);
        assertThat(r.out()).contains("failed").contains(Simulator.LDAP_FAILURE);
    }

    @Test
    void runJsonPrintsExactlyOneJobDocumentWithSecretsRedacted() throws Exception {
        Result r = cli("run", "--kind", "analysis", "--connection", "2", "--poll", "50ms", "--json", "--automatic");

        assertThat(r.code()).isEqualTo(Exit.OK);
        JsonNode job = r.json();
        assertThat(job.get("kind").asText()).isEqualTo("analysis");
        assertThat(job.get("ready").asBoolean()).isTrue();
        assertThat(job.get("succeeded").asBoolean()).isTrue();
        assertThat(job.get("automatic").asBoolean()).isTrue();
        assertThat(job.get("connection").get("params").get("analysis_pass").asText()).isEqualTo("********");
        assertThat(JSON.readTree(r.out()).toString()).isEqualTo(JSON.readTree(r.out().strip()).toString());
        assertThat(r.err()).contains("Started analysis job");
    }

    @Test
    void aConnectionIsNamedByItsAliasLookedUpOnceBeforeThePost() throws Exception {
        Result r = cli("run", "--kind", "alm", "--connection", "slow jira", "--no-wait", "--json");

        assertThat(r.code()).as(r.err()).isEqualTo(Exit.OK);
        assertThat(r.json().get("connection").get("id").asLong()).isEqualTo(4);
        assertThat(r.json().get("triggered_by").asText()).isEqualTo(Simulator.USER_EMAIL);
        assertThat(sim.requestLog()).containsExactly("GET /api/v2/connections/alm/?page_size=100",
                "GET /api/v2/jobs/alm/?page_size=100&connection=4&ready=false", "POST /api/v2/jobs/alm/");
    }

    @Test
    void anAliasThatMatchesNoneOrSeveralExitsTwoAndStartsNothing() {
        sim.close();
        sim = Simulator.standard(Duration.ofMillis(200)).connection(SimConnection.of(6, "alm").alias("jira")).start();
        env.put("SDE_URL", sim.url());

        Result none = cli("run", "--kind", "alm", "--connection", "Jira Clod");
        Result several = cli("report", "--kind", "alm", "--connection", "JIRA", "--succeeded", "true", "--message", "m");

        assertThat(none.code()).isEqualTo(Exit.USAGE);
        assertThat(none.err()).isEqualTo("sde-jobs: No alm connection that this token's user can see is named 'Jira Clod'"
                + " (it sees 'Jira', 'jira', 'Slow Jira'): give one of those names, or the connection's id.\n");
        assertThat(several.code()).isEqualTo(Exit.USAGE);
        assertThat(several.err()).contains("'JIRA' names 2 alm connections (#1, #6): give the connection's id instead.");
        assertThat(sim.requestLog()).allMatch(line -> line.startsWith("GET /api/v2/connections/alm/"));
    }

    @Test
    void connectionsListsIdAliasSystemProjectAndLastJobWithoutSecrets() throws Exception {
        long id = cli("run", "--kind", "alm", "--connection", "Jira", "--no-wait", "--json").json().get("id").asLong();

        Result human = cli("connections", "--kind", "alm");
        Result json = cli("connections", "--kind", "alm", "--json");

        assertThat(human.code()).isEqualTo(Exit.OK);
        assertThat(human.out().lines().toList()).first().asString().startsWith("ID").contains("ALIAS", "LAST JOB");
        assertThat(human.out()).containsPattern("(?m)^1 +Jira +JIRA +- +" + id + " queued or running ");
        JsonNode first = json.json().get(0);
        assertThat(first.get("alias").asText()).isEqualTo("Jira");
        assertThat(first.get("last_job").get("id").asLong()).isEqualTo(id);
        assertThat(first.get("params").get("issue_tracker_pass").asText()).isEqualTo("********");
        assertThat(sim.requestLog()).contains("GET /api/v2/connections/alm/?page_size=100&include=last_job");
    }

    @Test
    void whenPendingJoinWaitsForTheQueuedJobInsteadOfStartingAnother() throws Exception {
        long queued = sim.startJobAs(4, "colleague@example.com");

        Result joined = cli("run", "--kind", "alm", "--connection", "4", "--when-pending", "join", "--no-wait", "--json");
        Result started = cli("run", "--kind", "alm", "--connection", "1", "--when-pending", "join", "--no-wait", "--json");

        assertThat(joined.code()).as(joined.err()).isEqualTo(Exit.OK);
        assertThat(joined.json().get("id").asLong()).isEqualTo(queued);
        assertThat(joined.err()).contains("Joined alm job " + queued + " (Slow Jira (#4)), already pending (started by"
                + " colleague@example.com), instead of starting another");
        assertThat(started.err()).contains("Started alm job");
        assertThat(sim.count("POST", "/api/v2/jobs/alm/")).as("only connection 1's, which had none pending").isEqualTo(1);
        assertThat(sim.jobsFor(4)).isEqualTo(1);
    }

    @Test
    void runNoWaitReturnsTheQueuedJobAtOnce() throws Exception {
        Result r = cli("run", "--kind", "alm", "--connection", "4", "--no-wait", "--json");

        assertThat(r.code()).isEqualTo(Exit.OK);
        assertThat(r.json().get("ready").asBoolean()).isFalse();
        long id = r.json().get("id").asLong();
        assertThat(sim.count("GET", "/api/v2/jobs/alm/" + id + "/")).as("polls").isZero();
        assertThat(sim.requestLog()).as("the one read: the connection's pending jobs, to reconcile a lost answer")
                .containsExactly("GET /api/v2/jobs/alm/?page_size=100&connection=4&ready=false", "POST /api/v2/jobs/alm/");
    }

    @Test
    void waitFollowsAnExistingJob() throws Exception {
        long id = cli("run", "--kind", "alm", "--connection", "1", "--no-wait", "--json").json().get("id").asLong();

        Result r = cli("wait", "--kind", "alm", "--id", Long.toString(id), "--poll", "50ms", "--json");

        assertThat(r.code()).isEqualTo(Exit.OK);
        assertThat(r.json().get("id").asLong()).isEqualTo(id);
        assertThat(r.json().get("succeeded").asBoolean()).isTrue();
    }

    @Test
    void aTimeoutExitsThreeAndNamesTheJob() throws Exception {
        long id = cli("run", "--kind", "alm", "--connection", "4", "--no-wait", "--json").json().get("id").asLong();

        Result r = cli("wait", "--kind", "alm", "--id", Long.toString(id), "--timeout", "1", "--poll", "100ms");

        assertThat(r.code()).isEqualTo(Exit.TIMEOUT);
        assertThat(r.err()).contains("Timed out after 1.0s waiting for alm job " + id).contains("keeps running");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void getShowsAJobAndExitsOneIfItFailed() throws Exception {
        long ok = cli("report", "--kind", "alm", "--connection", "1", "--succeeded", "true", "--message", "fine", "--json")
                .json().get("id").asLong();
        long bad = cli("report", "--kind", "alm", "--connection", "1", "--succeeded", "false", "--message", "broken", "--json")
                .json().get("id").asLong();
        long queued = cli("run", "--kind", "alm", "--connection", "4", "--no-wait", "--json").json().get("id").asLong();

        assertThat(cli("get", "--kind", "alm", "--id", Long.toString(ok)).code()).isEqualTo(Exit.OK);
        Result failed = cli("get", "--kind", "alm", "--id", Long.toString(bad));
        assertThat(failed.code()).isEqualTo(Exit.JOB_FAILED);
        assertThat(failed.out()).contains("failed").contains("broken");
        Result running = cli("get", "--kind", "alm", "--id", Long.toString(queued), "--json");
        assertThat(running.code()).isEqualTo(Exit.OK);
        assertThat(running.json().get("ready").asBoolean()).isFalse();
    }

    @Test
    void listReturnsEveryPageAsOneArrayAndFilters() throws Exception {
        for (int i = 0; i < 120; i++) {
            cli("report", "--kind", "ldap", "--connection", "3", "--succeeded", Boolean.toString(i % 2 == 0),
                    "--message", "run " + i);
        }

        Result all = cli("list", "--kind", "ldap", "--json");
        Result succeeded = cli("list", "--kind", "ldap", "--succeeded", "true", "--connection", "3",
                "--user", Simulator.USER_EMAIL, "--automatic", "false", "--ready", "true", "--json");
        Result human = cli("list", "--kind", "ldap", "--succeeded", "false");

        assertThat(all.code()).isEqualTo(Exit.OK);
        assertThat(all.json().isArray()).isTrue();
        assertThat(all.json()).hasSize(120);
        assertThat(succeeded.json()).hasSize(60);
        assertThat(human.out().lines()).hasSize(60).allMatch(l -> l.contains("failed"));
        List<Long> ids = new java.util.ArrayList<>();
        all.json().forEach(j -> ids.add(j.get("id").asLong()));
        assertThat(ids).as("newest (highest id) first").isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(cli("list", "--kind", "ldap", "--automatic").out()).as("--automatic as a flag, as on run").isEqualTo("No jobs.\n");
        assertThat(cli("list", "--kind", "analysis").out()).isEqualTo("No jobs.\n");
    }

    @Test
    void reportRecordsAResult() throws Exception {
        Result r = cli("report", "--kind", "analysis", "--connection", "2", "--succeeded", "false",
                "--message", "Scanner found 3 criticals", "--automatic", "--json");

        assertThat(r.code()).isEqualTo(Exit.OK);
        assertThat(r.json().get("ready").asBoolean()).isTrue();
        assertThat(r.json().get("succeeded").asBoolean()).isFalse();
        assertThat(r.json().get("automatic").asBoolean()).isTrue();
        assertThat(r.json().get("result_message").asText()).isEqualTo("Scanner found 3 criticals");
    }

    @Test
    void theServerRefusingExitsFour() {
        env.put("SDE_TOKEN", "wrong-token");
        Result auth = cli("get", "--kind", "alm", "--id", "1");
        env.put("SDE_TOKEN", sim.token());
        Result missing = cli("get", "--kind", "alm", "--id", "424242");
        Result badConnection = cli("run", "--kind", "alm", "--connection", "999");
        env.put("SDE_URL", sim.url() + "/login");
        Result html = cli("list", "--kind", "alm");

        assertThat(auth.code()).isEqualTo(Exit.SERVER);
        assertThat(auth.err()).contains("HTTP 401: Invalid token.");
        assertThat(missing.code()).isEqualTo(Exit.SERVER);
        assertThat(missing.err()).contains("HTTP 404");
        assertThat(badConnection.code()).isEqualTo(Exit.SERVER);
        assertThat(badConnection.err()).contains("Invalid pk \"999\"");
        assertThat(html.code()).isEqualTo(Exit.SERVER);
        assertThat(html.err()).contains("HTML page");
        assertThat(auth.out() + missing.out() + badConnection.out() + html.out()).isEmpty();
    }

    @Test
    void fiveHundredsAfterRetriesExitFour() throws Exception {
        long id = cli("run", "--kind", "alm", "--connection", "5", "--no-wait", "--json").json().get("id").asLong();
        flaky.faults().get503(50);

        Result r = cli("get", "--kind", "alm", "--id", Long.toString(id));

        assertThat(r.code()).isEqualTo(Exit.SERVER);
        assertThat(r.err()).contains("HTTP 503");
    }

    @Test
    void anUnreachableServerExitsFour() {
        env.put("SDE_URL", "http://127.0.0.1:1");

        Result r = cli("get", "--kind", "alm", "--id", "1");

        assertThat(r.code()).isEqualTo(Exit.SERVER);
        assertThat(r.err()).contains("connection refused");
        assertThat(r.err()).as("each retry is said, so the wait is never silent").contains("Trying again (attempt 2)");
    }

    @Test
    void aJobCreatedBehindA503IsFollowedNotStartedAgain() {
        flaky.faults().post503Created(1);

        Result r = cli("run", "--kind", "alm", "--connection", "5", "--poll", "50ms");

        assertThat(r.code()).isEqualTo(Exit.OK);
        assertThat(r.err()).contains("HTTP 503").contains("but SD Elements had created alm job")
                .contains("following it, not starting another");
        assertThat(sim.jobsFor(5)).isEqualTo(1);
        assertThat(sim.count("POST", "/api/v2/jobs/alm/")).isEqualTo(1);
    }

    @Test
    void aPostThatMayOrMayNotHaveActedExitsFourAndSaysHowToCheck() {
        flaky.faults().post503(1);

        Result r = cli("run", "--kind", "alm", "--connection", "5");

        assertThat(r.code()).isEqualTo(Exit.SERVER);
        assertThat(r.err()).contains("may or may not have created the job").contains("before starting one again");
        assertThat(sim.count("POST", "/api/v2/jobs/alm/")).isEqualTo(1);
    }

    @Test
    void onlyErrorsRaisedBeforeSendingAreUsageErrors() {
        assertThat(SdeJobsCli.code(CliError.usage("bad"))).isEqualTo(Exit.USAGE);
        assertThat(SdeJobsCli.code(new IllegalArgumentException("after a request went out"))).isEqualTo(Exit.INTERNAL);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "run --kind jira --connection 1",
            "run --kind alm --connection -2",
            "run --kind alm --connection 0",
            "run --kind alm",
            "run --kind alm --connection 1 --timeout 0",
            "run --kind alm --connection 1 --timeout -5m",
            "run --kind alm --connection 1 --poll soon",
            "wait --kind alm --id 12x",
            "get --kind alm",
            "list --kind alm --ready maybe",
            "list --kind alm --user bob",
            "report --kind alm --connection 1 --succeeded yes --message m",
            "report --kind alm --connection 1 --succeeded true",
            "run --kind alm --connection 1 --token secret-on-the-command-line",
            "frobnicate",
            ""})
    void badInputExitsTwoAndSendsNothing(String line) {
        Result r = cli(line.isEmpty() ? new String[0] : line.split(" "));

        assertThat(r.code()).as(r.err()).isEqualTo(Exit.USAGE);
        assertThat(r.err()).startsWith("sde-jobs: ").doesNotContain("\tat ");
        assertThat(r.out()).isEmpty();
        assertThat(sim.requestCount()).isZero();
    }

    @Test
    void aMissingOrBadUrlOrTokenExitsTwoAndSendsNothing(@TempDir Path dir) throws Exception {
        env.remove("SDE_TOKEN");
        Result noToken = cli("get", "--kind", "alm", "--id", "1");
        env.put("SDE_TOKEN", sim.token());
        env.remove("SDE_URL");
        Result noUrl = cli("get", "--kind", "alm", "--id", "1");
        Result badUrl = cli("get", "--kind", "alm", "--id", "1", "--url", "sde.example.com");
        Result noFile = cli("get", "--kind", "alm", "--id", "1", "--url", sim.url(), "--token-file", dir.resolve("nope").toString());
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        Result emptyFile = cli("get", "--kind", "alm", "--id", "1", "--url", sim.url(), "--token-file", empty.toString());

        assertThat(noToken.code()).isEqualTo(Exit.USAGE);
        assertThat(noToken.err()).contains("No API token: set SDE_TOKEN or pass --token-file FILE");
        assertThat(noUrl.code()).isEqualTo(Exit.USAGE);
        assertThat(noUrl.err()).contains("No server URL");
        assertThat(badUrl.code()).isEqualTo(Exit.USAGE);
        assertThat(badUrl.err()).contains("must start with https://");
        assertThat(noFile.code()).isEqualTo(Exit.USAGE);
        assertThat(noFile.err()).contains("does not exist");
        assertThat(emptyFile.code()).isEqualTo(Exit.USAGE);
        assertThat(emptyFile.err()).contains("is empty");
        assertThat(sim.requestCount()).isZero();
    }

    @Test
    void plainHttpToAnotherHostIsWarnedAbout() {
        // 0.0.0.0 is no loopback name, so it is warned about, yet connecting to it stays on this machine and needs
        // no DNS look-up (the call then fails with "connection refused").
        Result r = cli("get", "--kind", "alm", "--id", "1", "--url", "http://0.0.0.0:1");

        assertThat(r.err()).contains("warning: the API token goes to 0.0.0.0 unencrypted (http://); use https://");
        assertThat(cli("list", "--kind", "alm").err()).doesNotContain("warning"); // loopback: the simulator
    }

    @Test
    void theTokenFileAndUrlFlagWork(@TempDir Path dir) throws Exception {
        Path tokenFile = Files.writeString(dir.resolve("token"), sim.token() + "\n");
        env.clear();

        Result r = cli("list", "--kind", "alm", "--url", sim.url() + "/api/v2/", "--token-file", tokenFile.toString());

        assertThat(r.code()).isEqualTo(Exit.OK);
    }

    @Test
    void demoRunsTheScenarioAndExitsZero() {
        Result r = cli("demo");

        assertThat(r.code()).as(r.err()).isEqualTo(Exit.OK);
        assertThat(r.out()).contains("alm job", "analysis job", "ldap job", "LDAP bind failed", "Demo passed");
        assertThat(r.err()).contains("token belongs to admin@example.com", "Corporate LDAP", "queued or running");
    }

    @Test
    void helpAndVersionExitZero() {
        Result help = cli("--help");
        Result runHelp = cli("run", "--help");

        assertThat(help.code()).isEqualTo(Exit.OK);
        assertThat(help.out()).contains("run", "wait", "get", "list", "report", "simulate", "demo", "Exit codes");
        assertThat(runHelp.out()).contains("--connection", "--no-wait", "--timeout", "--poll", "--progress", "--url",
                "--token-file");
        assertThat(help.out()).containsPattern("70 +a bug in sde-jobs").containsPattern("130 +interrupted");
        assertThat(cli("--version").out()).startsWith("sde-jobs ");
        Result subVersion = cli("run", "-V");
        assertThat(subVersion.code()).isEqualTo(Exit.OK);
        assertThat(subVersion.out()).as("-V on a command").startsWith("sde-jobs ");
    }

    @Test
    void progressModeComesFromTheFlagThenTheEnvironmentThenTheTerminal() {
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        SdeJobsCli.execute(new String[] {"run", "--kind", "alm", "--connection", "1", "--poll", "50ms", "--progress", "plain"},
                env, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(plain, true, StandardCharsets.UTF_8), true);
        env.put("SDE_JOBS_PROGRESS", "live");
        ByteArrayOutputStream live = new ByteArrayOutputStream();
        SdeJobsCli.execute(new String[] {"run", "--kind", "alm", "--connection", "1", "--poll", "50ms"},
                env, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(live, true, StandardCharsets.UTF_8), false);
        env.put("SDE_JOBS_PROGRESS", "sometimes");
        Result bad = cli("run", "--kind", "alm", "--connection", "1");

        assertThat(plain.toString(StandardCharsets.UTF_8)).as("--progress plain on a terminal").doesNotContain("\033[")
                .contains("succeeded after");
        assertThat(live.toString(StandardCharsets.UTF_8)).as("SDE_JOBS_PROGRESS=live in a pipe").contains("\r\033[K");
        assertThat(bad.code()).isEqualTo(Exit.USAGE);
        assertThat(bad.err()).contains("SDE_JOBS_PROGRESS must be auto, live or plain");
    }

    @Test
    void liveProgressRewritesOneLineOnATerminal() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SdeJobsCli.execute(new String[] {"run", "--kind", "alm", "--connection", "1", "--poll", "50ms"}, env,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), true);

        assertThat(code).isEqualTo(Exit.OK);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("\r\033[K").contains("alm job").contains("succeeded after");
    }
}
