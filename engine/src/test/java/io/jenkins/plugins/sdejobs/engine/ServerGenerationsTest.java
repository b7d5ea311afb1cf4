package io.jenkins.plugins.sdejobs.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.sdejobs.simulator.ServerMode;
import io.jenkins.plugins.sdejobs.simulator.SimConnection;
import io.jenkins.plugins.sdejobs.simulator.Simulator;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What changed between server generations ({@link ServerMode}), each over real HTTP against the simulator in the
 * mode that shows it, with the older mode still passing.
 */
class ServerGenerationsTest {
    private static final long FAULTY = 77;

    private static Simulator start(ServerMode mode, SimConnection... extra) {
        List<SimConnection> all = new ArrayList<>(List.of(SimConnection.of(FAULTY, "alm").alias("Faulty").queuedFor(Duration.ofMinutes(1))));
        all.addAll(List.of(extra));
        return Fixtures.simulator(all.toArray(SimConnection[]::new)).mode(mode).start();
    }

    // ---- reconciliation -----------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(ServerMode.class)
    void aLostPostAnswerIsAdoptedWithOnePostOnEveryGeneration(ServerMode mode) throws Exception {
        try (Simulator sim = start(mode)) {
            sim.connectionFaults(FAULTY).post503Created(1); // created, then the gateway's HTML 503
            Job job = Fixtures.client(sim).initiate(JobKind.ALM, FAULTY, Trigger.MANUAL);

            assertThat(sim.count("POST", "/api/v2/jobs/alm/")).isEqualTo(1);
            assertThat(sim.jobsFor(FAULTY)).isEqualTo(1);
            assertThat(job.startedBy().email()).isEqualTo(Simulator.USER_EMAIL);
            assertThat(sim.requestLog()).as("who started a job is read on the client, not filtered by the server")
                    .noneMatch(r -> r.contains("user="));
        }
    }

    @ParameterizedTest
    @EnumSource(ServerMode.class)
    void anotherPersonsNewJobOnTheConnectionIsNeverAdopted(ServerMode mode) throws Exception {
        try (Simulator sim = start(mode)) {
            SdeClient client = Fixtures.client(sim);
            PendingSnapshot before = client.pendingSnapshotAsync(JobKind.ALM, FAULTY).get();
            long theirs = sim.startJobAs(FAULTY, "someone.else@example.com");

            assertThatThrownBy(() -> client.reconcileAsync(JobKind.ALM, FAULTY, before, null).join())
                    .hasCauseInstanceOf(SdeException.Unconfirmed.class)
                    .hasMessageContaining("none of this user's pending alm jobs on connection " + FAULTY + " is new");

            Job ours = client.initiateAsync(JobKind.ALM, FAULTY, Trigger.MANUAL, before).join(); // a restart lost its answer
            assertThat(client.reconcileAsync(JobKind.ALM, FAULTY, before, null).get().id()).isEqualTo(ours.id()).isNotEqualTo(theirs);
        }
    }

    // ---- connections --------------------------------------------------------------------------

    @Test
    void almConnectionsAreReadFromIssueTrackerWhereTheOldPathIsGoneAndTheClientRemembers() throws Exception {
        try (Simulator sim = start(ServerMode.NEWEST)) {
            SdeClient client = Fixtures.client(sim);

            assertThat(client.connections(JobKind.ALM)).extracting(Connection::alias).contains("Jira", "Faulty");
            assertThat(client.connections(JobKind.ALM)).hasSize(3);

            assertThat(sim.count("GET", "/api/v2/connections/alm/")).as("learnt once").isEqualTo(1);
            assertThat(sim.count("GET", "/api/v2/connections/issue-tracker/")).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @EnumSource(ServerMode.class)
    void almConnectionsAndTheirSecretsOnEveryGeneration(ServerMode mode) throws Exception {
        try (Simulator sim = start(mode)) {
            Connection jira = Fixtures.client(sim).connections(JobKind.ALM).stream().filter(c -> c.id() == Fixtures.ALM).findFirst().orElseThrow();
            String prefix = mode == ServerMode.LEGACY ? "alm_" : "issue_tracker_";

            assertThat(jira.params()).containsEntry(prefix + "pass", Redaction.REDACTED).containsEntry(prefix + "api_token", Redaction.REDACTED)
                    .containsEntry(prefix + "server", "jira.example.com");
            String shown = jira + JsonModel.json(jira);
            for (String secret : sim.secrets()) {
                assertThat(shown).doesNotContain(secret);
            }
        }
    }

    @Test
    void connectionsListTheirLastJob() throws Exception {
        try (Simulator sim = start(ServerMode.CURRENT)) {
            SdeClient client = Fixtures.client(sim);
            Job job = client.initiate(JobKind.ALM, FAULTY, Trigger.MANUAL);

            Connection faulty = client.connectionsWithLastJobAsync(JobKind.ALM).get().stream().filter(c -> c.id() == FAULTY)
                    .findFirst().orElseThrow();
            Connection jira = client.connectionsWithLastJobAsync(JobKind.ALM).get().stream().filter(c -> c.id() == Fixtures.ALM)
                    .findFirst().orElseThrow();

            assertThat(faulty.lastJob()).isNotNull();
            assertThat(faulty.lastJob().id()).isEqualTo(job.id());
            assertThat(faulty.lastJob().ready()).isFalse();
            assertThat(faulty.lastJob().when()).as("not run yet: when it was created").isNotNull();
            assertThat(jira.lastJob()).as("never ran").isNull();
            assertThat(sim.requestLog()).anyMatch(r -> r.contains("include=last_job"));
        }
    }

    // ---- connections by name ------------------------------------------------------------------

    @Test
    void anAliasIsResolvedExactlyFirstThenIgnoringCase() throws Exception {
        try (Simulator sim = start(ServerMode.CURRENT, SimConnection.of(50, "alm").alias("jira"),
                SimConnection.of(51, "alm").alias("Jira Cloud"))) {
            SdeClient client = Fixtures.client(sim);

            assertThat(client.connectionId(JobKind.ALM, "jira")).as("exact").isEqualTo(50);
            assertThat(client.connectionId(JobKind.ALM, "Jira")).as("exact").isEqualTo(Fixtures.ALM);
            assertThat(client.connectionId(JobKind.ALM, " jira cloud ")).as("unique ignoring case").isEqualTo(51);
            assertThat(client.connectionId(JobKind.ALM, "12")).as("an id, taken as it is").isEqualTo(12);
            assertThat(sim.count("GET", "/api/v2/connections/")).as("one look-up per alias; none for an id").isEqualTo(3);
        }
    }

    @Test
    void anAliasThatMatchesNothingListsWhatTheTokenSeesAndSendsNothingElse() throws Exception {
        List<SimConnection> many = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            many.add(SimConnection.of(60 + i, "alm").alias(String.format("Tracker %02d", i)));
        }
        try (Simulator sim = start(ServerMode.NEWEST, many.toArray(SimConnection[]::new))) {
            SdeClient client = Fixtures.client(sim);

            assertThatThrownBy(() -> client.connectionId(JobKind.ALM, "Jira Clod"))
                    .isInstanceOf(SdeException.NameUnresolved.class)
                    .hasMessageStartingWith("No alm connection that this token's user can see is named 'Jira Clod' (it sees 'Faulty', 'Jira',")
                    .hasMessageContaining("'Tracker 06' and 4 more): give one of those names, or the connection's id.")
                    .hasMessageNotContaining("\n");
            assertThat(sim.requestLog()).noneMatch(r -> r.startsWith("POST"));
        }
    }

    @Test
    void anAliasOfSeveralConnectionsNamesTheirIds() throws Exception {
        try (Simulator sim = start(ServerMode.CURRENT, SimConnection.of(50, "ldap").alias("Corp LDAP"))) {
            assertThatThrownBy(() -> Fixtures.client(sim).connectionId(JobKind.LDAP, "corp ldap"))
                    .isInstanceOf(SdeException.NameUnresolved.class)
                    .hasMessage("'corp ldap' names 2 ldap connections (#" + Fixtures.LDAP + ", #50): give the connection's id instead.");
        }
    }

    @Test
    void aBlankOrNonPositiveConnectionIsRefusedBeforeAnythingIsSent() throws Exception {
        try (Simulator sim = start(ServerMode.CURRENT)) {
            SdeClient client = Fixtures.client(sim);
            assertThatThrownBy(() -> client.connectionId(JobKind.ALM, " ")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Give a connection's id or its alias (its name in SD Elements)");
            assertThatThrownBy(() -> client.connectionId(JobKind.ALM, "-3")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("'-3' is not a valid connection id: ids are positive numbers");
            assertThat(sim.requestCount()).isZero();
        }
    }

    // ---- errors as real servers send them ------------------------------------------------------

    @Test
    void aBareJsonStringIsTheServersMessage() throws Exception {
        try (Simulator sim = start(ServerMode.CURRENT); Simulator legacy = start(ServerMode.LEGACY)) {
            assertThatThrownBy(() -> Fixtures.client(sim).getJob(JobRef.of(JobKind.ALM, 424242)))
                    .isInstanceOf(SdeException.NotFound.class)
                    .hasMessageContaining("(HTTP 404: Job matching query does not exist.)");
            assertThatThrownBy(() -> Fixtures.client(legacy).getJob(JobRef.of(JobKind.ALM, 424242)))
                    .isInstanceOf(SdeException.NotFound.class).hasMessageContaining("(HTTP 404: Not found.)");
        }
    }

    @Test
    void aDeniedOrMissingAnswerThatIsAPageIsNamedByItsStatus() throws Exception {
        for (int status : new int[] {401, 403, 404}) {
            HttpServer page = server(status, "text/html", "<html><body><h1>Forbidden</h1></body></html>");
            try {
                SdeClient c = SdeClient.builder("http://127.0.0.1:" + page.getAddress().getPort(), ApiToken.of("abc123")).build();
                assertThatThrownBy(c::me)
                        .isInstanceOf(status == 404 ? SdeException.NotFound.class : SdeException.AccessDenied.class)
                        .hasMessageContaining("(HTTP " + status + ")")
                        .hasMessageContaining("The answer was not JSON")
                        .hasMessageNotContaining("malformed").hasMessageNotContaining("<");
            } finally {
                page.stop(0);
            }
        }
    }

    @Test
    void nginxsMaintenancePageIsRetriedWithBackoffThenReportedWithoutHtml() throws Exception {
        try (Simulator sim = start(ServerMode.CURRENT)) {
            FakeTime time = new FakeTime();
            try {
                SdeClient c = Fixtures.clientFor(sim).runtime(time.runtime(0)).build();
                Job job = Fixtures.client(sim).initiate(JobKind.ALM, FAULTY, Trigger.MANUAL);
                sim.connectionFaults(FAULTY).get503(10);

                assertThatThrownBy(() -> time.await(c.getJobAsync(job.ref())))
                        .isInstanceOf(SdeException.ServerError.class)
                        .hasMessage("SD Elements is unavailable or in maintenance (HTTP 503 to GET /api/v2/jobs/alm/" + job.id() + "/).");
                assertThat(time.sentAtMs()).as("backoff with no jitter: half of 20, 40, 80 ms").containsExactly(0L, 10L, 30L, 70L);
            } finally {
                time.shutdown();
            }
        }
    }

    // ---- pagination behind a proxy ------------------------------------------------------------

    @Test
    void nextLinksThatNameAnotherHostAreFollowedByTheirPathOnTheConfiguredRoot() throws Exception {
        try (Simulator sim = Fixtures.simulator(Duration.ofMinutes(1)).publicUrl("https://sde.example.com").start()) {
            SdeClient client = Fixtures.client(sim);
            for (int i = 0; i < 150; i++) {
                client.recordResult(JobKind.ALM, Fixtures.ALM, Outcome.succeeded("m" + i), Trigger.MANUAL);
            }

            assertThat(client.listJobs(JobKind.ALM, JobFilter.ALL)).hasSize(150);
            assertThat(sim.requestLog()).filteredOn(r -> r.startsWith("GET /api/v2/jobs/alm/")).hasSize(2)
                    .last().asString().contains("page=2");
        }
    }

    // ---- limits -------------------------------------------------------------------------------

    @Test
    void theDefaultTimeoutIsTheLongestAJobRunsOnTheServer() {
        assertThat(WatchOptions.DEFAULT.timeout()).isEqualTo(Duration.ofHours(2));
    }

    private static HttpServer server(int status, String type, String body) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s.createContext("/", ex -> {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", type);
            ex.sendResponseHeaders(status, b.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(b);
            }
        });
        s.start();
        return s;
    }
}
