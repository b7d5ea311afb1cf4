package io.jenkins.plugins.sdejobs.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.sdejobs.simulator.ServerMode;
import io.jenkins.plugins.sdejobs.simulator.SimConnection;
import io.jenkins.plugins.sdejobs.simulator.Simulator;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every endpoint of the reference, for each kind, over real loopback HTTP. */
class JobsApiTest {
    private Simulator sim;
    private SdeClient client;

    @BeforeEach
    void start() {
        sim = Fixtures.simulator(SimConnection.of(44, "alm").alias("Broken Jira")
                .fails("Could not log in to JIRA as sync-bot")).start();
        client = Fixtures.client(sim);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @ParameterizedTest
    @EnumSource(JobKind.class)
    void initiatesAJobThatStartsQueuedAndPostsTheDocumentedBody(JobKind kind) throws Exception {
        Job job = client.initiate(kind, Fixtures.connectionFor(kind), Trigger.MANUAL);

        assertThat(job.kind()).isEqualTo(kind);
        assertThat(job.ready()).isFalse();
        assertThat(job.succeeded()).isFalse();
        assertThat(job.status()).isEqualTo(Job.Status.QUEUED);
        assertThat(job.connection().id()).isEqualTo(Fixtures.connectionFor(kind));
        assertThat(sim.count("POST", "/api/v2/jobs/" + kind.id() + "/")).isEqualTo(1);
        assertThat(sim.jobsFor(Fixtures.connectionFor(kind))).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(JobKind.class)
    void getsAJobAndWaitsUntilItIsReady(JobKind kind) throws Exception {
        Job started = client.initiate(kind, Fixtures.connectionFor(kind), Trigger.AUTOMATIC);

        Job fetched = client.getJob(JobRef.of(kind, started.id()));
        Job done = client.await(JobRef.of(kind, started.id()), Fixtures.FAST_WATCH);

        assertThat(fetched.id()).isEqualTo(started.id());
        assertThat(fetched.automatic()).isTrue();
        assertThat(done.ready()).isTrue();
        assertThat(done.succeeded()).isTrue();
        assertThat(done.status()).isEqualTo(Job.Status.SUCCEEDED);
        assertThat(done.lastRun()).isNotNull();
        assertThat(done.user().display()).as("run by the worker account").isEqualTo(Simulator.WORKER_EMAIL);
        assertThat(done.triggeredBy().display()).isEqualTo(Simulator.USER_EMAIL);
        assertThat(done.startedBy()).isEqualTo(done.triggeredBy());
        assertThat(JsonModel.json(done)).contains("\"triggered_by\":\"" + Simulator.USER_EMAIL + "\"");
    }

    @ParameterizedTest
    @EnumSource(JobKind.class)
    void recordsAResult(JobKind kind) throws Exception {
        Job recorded = client.recordResult(kind, Fixtures.connectionFor(kind), Outcome.failed("Scanner found 3 issues"), Trigger.MANUAL);

        assertThat(recorded.ready()).isTrue();
        assertThat(recorded.succeeded()).isFalse();
        assertThat(recorded.resultMessage()).isEqualTo("Scanner found 3 issues");
        assertThat(client.getJob(JobRef.of(kind, recorded.id())).resultMessage()).isEqualTo("Scanner found 3 issues");
    }

    @ParameterizedTest
    @EnumSource(JobKind.class)
    void listsJobsOfOneKindWithEachFilter(JobKind kind) throws Exception {
        jobsStayQueued();
        long c = Fixtures.connectionFor(kind);
        Job manual = client.recordResult(kind, c, Outcome.succeeded("ok"), Trigger.MANUAL);
        Job automaticFailed = client.recordResult(kind, c, Outcome.failed("bad"), Trigger.AUTOMATIC);
        Job queued = client.initiate(kind, c, Trigger.MANUAL);

        assertThat(ids(client.listJobs(kind, JobFilter.ALL))).containsExactlyInAnyOrder(manual.id(), automaticFailed.id(), queued.id());
        assertThat(ids(client.listJobs(kind, JobFilter.ALL.withAutomatic(true)))).containsExactly(automaticFailed.id());
        assertThat(ids(client.listJobs(kind, JobFilter.ALL.withReady(false)))).containsExactly(queued.id());
        assertThat(ids(client.listJobs(kind, JobFilter.ALL.withSucceeded(true)))).containsExactly(manual.id());
        assertThat(ids(client.listJobs(kind, JobFilter.ALL.withConnection(c).withReady(true))))
                .containsExactlyInAnyOrder(manual.id(), automaticFailed.id());
        assertThat(client.listJobs(kind, JobFilter.ALL.withUser(Simulator.USER_EMAIL))).as("started by").hasSize(3);
        assertThat(client.listJobs(kind, JobFilter.ALL.withUser(Simulator.WORKER_EMAIL))).as("not run by").isEmpty();
        assertThat(client.listJobs(kind, JobFilter.ALL.withUser("nobody@example.com"))).isEmpty();
        assertThat(client.listJobs(kind, JobFilter.ALL.withConnection(999L))).isEmpty();
    }

    @Test
    void listFollowsNextAcrossEveryPage() throws Exception {
        for (int i = 0; i < 230; i++) {
            client.recordResult(JobKind.ALM, Fixtures.ALM, Outcome.succeeded("run " + i), Trigger.MANUAL);
        }

        List<Job> all = client.listJobs(JobKind.ALM, JobFilter.ALL);

        assertThat(all).hasSize(230);
        assertThat(ids(all)).doesNotHaveDuplicates();
        assertThat(sim.requestLog()).filteredOn(r -> r.startsWith("GET /api/v2/jobs/alm/")).hasSize(3);
        assertThat(sim.requestLog()).anyMatch(r -> r.contains("page=3"));
    }

    @Test
    void aFailedJobFinishesWithSucceededFalseAndItsMessage() throws Exception {
        Job started = client.initiate(JobKind.ALM, 44, Trigger.MANUAL);

        Job done = client.await(JobRef.of(JobKind.ALM, started.id()), Fixtures.FAST_WATCH);

        assertThat(done.ready()).isTrue();
        assertThat(done.succeeded()).isFalse();
        assertThat(done.status()).isEqualTo(Job.Status.FAILED);
        assertThat(done.resultMessage()).isEqualTo("Could not log in to JIRA as sync-bot");
    }

    @ParameterizedTest
    @EnumSource(JobKind.class)
    void listsConnectionsOfEachKindWithSystemAsAnObject(JobKind kind) throws Exception {
        List<Connection> connections = client.connections(kind);

        assertThat(connections).extracting(Connection::id).contains(Fixtures.connectionFor(kind));
        Connection c = connections.stream().filter(x -> x.id() == Fixtures.connectionFor(kind)).findFirst().orElseThrow();
        assertThat(c.system()).isNotBlank().doesNotContain("{");
        assertThat(c.inProgress()).isFalse();
        assertThat(c.params()).isNotEmpty();
    }

    @Test
    void connectionShowsInProgressWhileAJobRuns() throws Exception {
        jobsStayQueued();
        client.initiate(JobKind.LDAP, Fixtures.LDAP, Trigger.MANUAL);

        assertThat(client.connections(JobKind.LDAP)).filteredOn(c -> c.id() == Fixtures.LDAP)
                .singleElement().extracting(Connection::inProgress).isEqualTo(true);
    }

    @Test
    void tellsWhoTheTokenBelongsTo() throws Exception {
        User me = client.me();

        assertThat(me.email()).isEqualTo(Simulator.USER_EMAIL);
        assertThat(me.id()).as("current servers send no id").isNull();
        assertThat(me.name()).isEqualTo("Ada Admin");
        try (Simulator legacy = Fixtures.simulator().mode(ServerMode.LEGACY).start()) {
            assertThat(Fixtures.client(legacy).me().id()).isEqualTo(Simulator.USER_ID);
        }
    }

    @Test
    void readsTheServerQueueLengthAsASuperUserAndIsRefusedOtherwise() throws Exception {
        assertThatThrownBy(() -> client.serverInfo()).isInstanceOf(SdeException.AccessDenied.class).hasMessageContaining("HTTP 403");
        try (Simulator su = Fixtures.simulator(Duration.ofMinutes(1)).superuser(true).start()) {
            SdeClient c = Fixtures.client(su);
            c.initiate(JobKind.ALM, Fixtures.ALM, Trigger.MANUAL);
            c.initiate(JobKind.LDAP, Fixtures.LDAP, Trigger.MANUAL);

            ServerInfo info = c.serverInfo();

            assertThat(info.jobsQueueLength()).isEqualTo(2);
            assertThat(info.version()).isNotBlank();
        }
    }

    @Test
    void acceptsTheBaseUrlInEveryCommonForm() throws Exception {
        for (String url : List.of(sim.url(), sim.url() + "/", sim.url() + "/api/v2", sim.url() + "/api/v2/",
                sim.url() + "//api/v2//")) {
            SdeClient c = SdeClient.builder(url, ApiToken.of(sim.token())).build();
            assertThat(c.apiRoot().toString()).isEqualTo(sim.url() + "/api/v2/");
            assertThat(c.me().email()).isEqualTo(Simulator.USER_EMAIL);
        }
    }

    @Test
    void usesAnInjectedHttpClient() throws Exception {
        AtomicInteger tasks = new AtomicInteger();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            HttpClient injected = HttpClient.newBuilder()
                    .executor(r -> { tasks.incrementAndGet(); pool.execute(r); }).build();
            SdeClient c = SdeClient.builder(sim.url(), ApiToken.of(sim.token())).runtime(SdeRuntime.builder().httpClient(injected).build()).build();

            assertThat(c.me().email()).isEqualTo(Simulator.USER_EMAIL);
            assertThat(tasks.get()).isPositive();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aJobOfAnotherKindIsNotFound() throws Exception {
        Job alm = client.initiate(JobKind.ALM, Fixtures.ALM, Trigger.MANUAL);

        assertThatThrownBy(() -> client.getJob(JobRef.of(JobKind.LDAP, alm.id())))
                .isInstanceOf(SdeException.NotFound.class)
                .hasMessageContaining("/api/v2/jobs/ldap/" + alm.id() + "/");
    }

    @Test
    void aJobStaysQueuedUntilItsQueueTimeHasPassed() throws Exception {
        Simulator slow = Fixtures.simulator(SimConnection.of(5, "analysis").queuedFor(Duration.ofMillis(600))).start();
        try {
            SdeClient c = Fixtures.client(slow);
            Job j = c.initiate(JobKind.ANALYSIS, 5, Trigger.MANUAL);
            assertThat(c.getJob(JobRef.of(JobKind.ANALYSIS, j.id())).ready()).isFalse();
            assertThat(c.await(JobRef.of(JobKind.ANALYSIS, j.id()), Fixtures.FAST_WATCH).ready()).isTrue();
        } finally {
            slow.close();
        }
    }

    /** Restarts the simulator with jobs that stay queued, for tests that look at queued jobs on a busy machine. */
    private void jobsStayQueued() {
        sim.close();
        sim = Fixtures.simulator(Duration.ofMinutes(1)).start();
        client = Fixtures.client(sim);
    }

    private static List<Long> ids(List<Job> jobs) {
        return jobs.stream().map(Job::id).toList();
    }
}
