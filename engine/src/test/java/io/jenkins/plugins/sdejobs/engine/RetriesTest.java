package io.jenkins.plugins.sdejobs.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.sdejobs.simulator.SimConnection;
import io.jenkins.plugins.sdejobs.simulator.Simulator;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * GETs retry what is transient; a POST is repeated only when the server certainly did not act, so no fault
 * ever makes two jobs.
 */
class RetriesTest {
    private static final long FAULTY = 77;
    private Simulator sim;
    private SimConnection faulty;
    private SdeClient client;
    private final FakeTime time = new FakeTime();

    /** A client like {@link #client} whose delays pass on {@link #time}. */
    private SdeClient.Builder onFakeTime() { return Fixtures.clientFor(sim).runtime(time.runtime(0.5)); }

    @BeforeEach
    void start() {
        faulty = SimConnection.of(FAULTY, "alm").queuedFor(Duration.ofMinutes(1));
        sim = Fixtures.simulator(faulty).start();
        client = Fixtures.client(sim);
    }

    @AfterEach
    void stop() {
        time.shutdown();
        sim.close();
    }

    @Test
    void getRetriesThroughMaintenance() throws Exception {
        Job job = client.initiate(JobKind.ALM, FAULTY, Trigger.MANUAL);
        faulty.faults().get503(2);

        assertThat(client.getJob(JobRef.of(JobKind.ALM, job.id())).id()).isEqualTo(job.id());
        assertThat(sim.count("GET", "/api/v2/jobs/alm/" + job.id())).isEqualTo(3);
    }

    @Test
    void getHonoursRetryAfterInSeconds() throws Exception {
        Job job = client.initiate(JobKind.ALM, FAULTY, Trigger.MANUAL);
        faulty.faults().get429(1, Duration.ofSeconds(1));

        time.await(onFakeTime().build().getJobAsync(JobRef.of(JobKind.ALM, job.id())));

        assertThat(time.sentAtMs()).containsExactly(0L, 1000L); // the backoff alone would be under 100 ms
        assertThat(sim.count("GET", "/api/v2/jobs/alm/" + job.id())).isEqualTo(2);
    }

    @Test
    void theRetryRuleIsOneDecisionOfMethodErrorAttemptAndTime() {
        Transport t = new Transport(time.runtime(0.0).parts(), ApiToken.of("abc123"), Duration.ofSeconds(1),
                new RetryPolicy(3, Duration.ofMillis(100), Duration.ofMillis(400)), null);
        long now = 0;
        long deadline = Duration.ofSeconds(10).toNanos();
        SdeException gateway = new SdeException.ServerError(502, "HTTP 502", null);
        SdeException refused = new SdeException.NetworkError("refused", false);
        SdeException dropped = new SdeException.NetworkError("dropped", true);
        SdeException limited = new SdeException.RateLimited("HTTP 429", Duration.ofSeconds(2));

        assertThat(t.decide("GET", gateway, 1, now, deadline)).isEqualTo(new RetryDecision.Retry(Duration.ofMillis(50)));
        assertThat(t.decide("GET", gateway, 2, now, deadline)).isEqualTo(new RetryDecision.Retry(Duration.ofMillis(100)));
        assertThat(t.decide("GET", gateway, 3, now, deadline)).isEqualTo(new RetryDecision.GiveUp(RetryDecision.Why.ATTEMPTS_USED));
        assertThat(t.decide("GET", limited, 1, now, deadline)).isEqualTo(new RetryDecision.Retry(Duration.ofSeconds(2)));
        assertThat(t.decide("GET", limited, 1, deadline - Duration.ofSeconds(1).toNanos(), deadline))
                .isEqualTo(new RetryDecision.GiveUp(RetryDecision.Why.PAST_DEADLINE));
        assertThat(t.decide("GET", new SdeException.NotFound("gone"), 1, now, deadline))
                .isEqualTo(new RetryDecision.GiveUp(RetryDecision.Why.NOT_RETRYABLE));
        // A POST is repeated only when SD Elements surely did not act on it.
        assertThat(t.decide("POST", refused, 1, now, deadline)).isInstanceOf(RetryDecision.Retry.class);
        assertThat(t.decide("POST", limited, 1, now, deadline)).isInstanceOf(RetryDecision.Retry.class);
        assertThat(t.decide("POST", gateway, 1, now, deadline)).isEqualTo(new RetryDecision.GiveUp(RetryDecision.Why.NOT_RETRYABLE));
        assertThat(t.decide("POST", dropped, 1, now, deadline)).isEqualTo(new RetryDecision.GiveUp(RetryDecision.Why.NOT_RETRYABLE));
    }

    @Test
    void aCallThatGivesUpAfterRetryingSaysSo() throws Exception {
        Job job = client.initiate(JobKind.ALM, FAULTY, Trigger.MANUAL);
        faulty.faults().get503(10);
        Heard heard = new Heard();
        SdeClient c = onFakeTime().callListener(heard).build();

        assertThatThrownBy(() -> time.await(c.getJobAsync(JobRef.of(JobKind.ALM, job.id()))))
                .isInstanceOf(SdeException.ServerError.class);
        String get = "GET /api/v2/jobs/alm/" + job.id() + "/";
        assertThat(heard.events).containsExactly("retry " + get + " #2", "retry " + get + " #3", "retry " + get + " #4",
                "gave up " + get + " after #4: ATTEMPTS_USED");
    }

    @Test
    void retryAfterIsReadAsSecondsOrAsAnHttpDate() {
        assertThat(Responses.retryAfter("30")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Responses.retryAfter(" 0 ")).isEqualTo(Duration.ZERO);
        String inTenSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now().plusSeconds(10));
        assertThat(Responses.retryAfter(inTenSeconds)).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(10));
        String past = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now().minusSeconds(10));
        assertThat(Responses.retryAfter(past)).isEqualTo(Duration.ZERO);
        assertThat(Responses.retryAfter("soon")).isNull();
        assertThat(Responses.retryAfter(null)).isNull();
    }

    @Test
    void aRetryAfterBeyondTheDeadlineFailsAtOnceInsteadOfOverstaying() throws Exception {
        Job job = client.initiate(JobKind.ALM, FAULTY, Trigger.MANUAL);
        faulty.faults().get429(1, Duration.ofSeconds(30));
        SdeClient c = onFakeTime().callTimeout(Duration.ofSeconds(10)).build();

        assertThatThrownBy(() -> time.await(c.getJobAsync(JobRef.of(JobKind.ALM, job.id()))))
                .isInstanceOf(SdeException.RateLimited.class).hasMessageContaining("wait 30 s");
        assertThat(time.nowMs()).isLessThan(5000).isZero(); // not the 10 s deadline: at once
        assertThat(time.sentAtMs()).hasSize(1);
    }

    @Test
    void getRetriesAfterAStall() throws Exception {
        Job job = client.initiate(JobKind.ALM, FAULTY, Trigger.MANUAL);
        faulty.faults().getStall(1, Duration.ofSeconds(3));
        SdeClient c = Fixtures.clientFor(sim).requestTimeout(Duration.ofMillis(300)).build();

        assertThat(c.getJob(JobRef.of(JobKind.ALM, job.id())).id()).isEqualTo(job.id());
        assertThat(sim.count("GET", "/api/v2/jobs/alm/" + job.id())).isEqualTo(2);
    }

    /** Records what the client reports doing on its own. */
    private static final class Heard implements CallListener {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void onRetryDecision(String call, SdeException error, int attempt, RetryDecision decision) {
            events.add(decision instanceof RetryDecision.GiveUp g ? "gave up " + call + " after #" + attempt + ": " + g.why()
                    : "retry " + call + " #" + (attempt + 1));
        }

        @Override
        public void onAdopted(String call, SdeException error, Job job) {
            events.add("adopted " + job.id() + " after " + error.getClass().getSimpleName());
        }
    }

    /** Each way a POST can fail after SD Elements created the job: never repeated, the job found and followed. */
    private void assertAdopted(SdeClient c, Heard heard, String cause) throws Exception {
        Job job = c.initiate(JobKind.ALM, FAULTY, Trigger.MANUAL);

        assertThat(sim.count("POST", "/api/v2/jobs/alm/")).as("POSTs").isEqualTo(1);
        assertThat(sim.jobsFor(FAULTY)).as("jobs").isEqualTo(1);
        assertThat(job.ready()).isFalse();
        assertThat(heard.events).containsExactly("adopted " + job.id() + " after " + cause);
    }

    @Test
    void a500AfterCreatingIsReconciled() throws Exception {
        faulty.faults().post500(1);
        Heard heard = new Heard();
        assertAdopted(Fixtures.clientFor(sim).callListener(heard).build(), heard, "ServerError");
    }

    @Test
    void aGateways503AfterCreatingIsReconciled() throws Exception {
        faulty.faults().post503Created(1);
        Heard heard = new Heard();
        assertAdopted(Fixtures.clientFor(sim).callListener(heard).build(), heard, "ServerError");
    }

    @Test
    void aConnectionDroppedAfterCreatingIsReconciled() throws Exception {
        faulty.faults().postDrop(1);
        Heard heard = new Heard();
        assertAdopted(Fixtures.clientFor(sim).callListener(heard).build(), heard, "NetworkError");
    }

    @Test
    void aReadTimeoutAfterCreatingIsReconciled() throws Exception {
        faulty.faults().postStall(1, Duration.ofSeconds(2));
        Heard heard = new Heard();
        assertAdopted(Fixtures.clientFor(sim).requestTimeout(Duration.ofMillis(300)).callListener(heard).build(), heard,
                "RequestTimeout");
    }

    @Test
    void a503ThatCreatedNothingIsNotRepeatedAndSaysTheJobMayOrMayNotExist() {
        faulty.faults().post503(1);

        assertThatThrownBy(() -> client.initiate(JobKind.ALM, FAULTY, Trigger.MANUAL))
                .isInstanceOf(SdeException.Unconfirmed.class)
                .hasMessageContaining("HTTP 503")
                .hasMessageContaining("may or may not have created the job")
                .hasMessageContaining("none of this user's pending alm jobs on connection " + FAULTY + " is new")
                .hasMessageContaining("before starting one again");
        assertThat(sim.count("POST", "/api/v2/jobs/alm/")).isEqualTo(1);
        assertThat(sim.jobsFor(FAULTY)).isZero();
    }

    /** No creation time in the list: "created after the POST" means an id above the newest pending one before it. */
    @Test
    void anOlderPendingJobOfTheSameUserIsNeverAdopted() throws Exception {
        Job older = client.initiate(JobKind.ALM, FAULTY, Trigger.MANUAL); // still pending for a minute
        faulty.faults().post503(1);

        assertThatThrownBy(() -> client.initiate(JobKind.ALM, FAULTY, Trigger.MANUAL)).isInstanceOf(SdeException.Unconfirmed.class);
        assertThat(sim.jobsFor(FAULTY)).isEqualTo(1);
        assertThat(older.ready()).isFalse();
    }

    @Test
    void aJobCreatedWhileTheAnswerWasLostIsFoundLaterFromTheSnapshot() throws Exception {
        PendingSnapshot before = client.pendingSnapshotAsync(JobKind.ALM, FAULTY).get();
        Job created = client.initiate(JobKind.ALM, FAULTY, Trigger.MANUAL); // as if its answer never arrived (a restart)

        Job found = client.reconcileAsync(JobKind.ALM, FAULTY, before, null).get();

        assertThat(found.id()).isEqualTo(created.id());
    }

    @Test
    void a503sRetryAfterIsHonouredAndEachRetryIsReported() throws Exception {
        Job job = client.initiate(JobKind.ALM, FAULTY, Trigger.MANUAL);
        faulty.faults().get503(2, Duration.ofSeconds(1));
        Heard heard = new Heard();
        SdeClient c = onFakeTime().callListener(heard).build();

        time.await(c.getJobAsync(JobRef.of(JobKind.ALM, job.id())));
        long tookMs = time.nowMs();

        assertThat(tookMs).as("two waits of the 1 s the server asked for").isGreaterThanOrEqualTo(1900);
        assertThat(time.sentAtMs()).containsExactly(0L, 1000L, 2000L);
        assertThat(heard.events).containsExactly("retry GET /api/v2/jobs/alm/" + job.id() + "/ #2",
                "retry GET /api/v2/jobs/alm/" + job.id() + "/ #3");
    }

    @Test
    void aMalformedAnswerCarriesItsRealStatus() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            String broken = "{\"created\": true}"; // 201, but no job in it
            SdeClient c = clientOf(server, "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + broken.length() + "\r\nConnection: close\r\n\r\n" + broken, new AtomicInteger(), true);

            assertThatThrownBy(() -> c.initiate(JobKind.ALM, 1, Trigger.MANUAL))
                    .isInstanceOf(SdeException.Unconfirmed.class)
                    .satisfies(e -> assertThat(((SdeException) e.getCause()).status()).isEqualTo(201))
                    .satisfies(e -> assertThat(e.getCause()).isInstanceOf(SdeException.MalformedJson.class));
        }
    }

    /** A client of a {@link #serve} server on {@code server}, started on a daemon thread. */
    private static SdeClient clientOf(ServerSocket server, String post, AtomicInteger posts, boolean listsWork) {
        Thread t = new Thread(() -> serve(server, post, posts, listsWork));
        t.setDaemon(true);
        t.start();
        return SdeClient.builder("http://127.0.0.1:" + server.getLocalPort(), ApiToken.of("tok-123"))
                .retryPolicy(Fixtures.FAST_RETRY).build();
    }

    /**
     * A server on {@code server} that answers GETs with a user, or with an empty job list ({@code listsWork}) or a
     * 503, and each POST with {@code post} (null: reset the connection once the POST has been read).
     */
    private static void serve(ServerSocket server, String post, AtomicInteger posts, boolean listsWork) {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                byte[] buf = new byte[8192];
                int n = s.getInputStream().read(buf);
                String request = n > 0 ? new String(buf, 0, n, StandardCharsets.ISO_8859_1) : "";
                String answer;
                if (request.startsWith("POST")) {
                    posts.incrementAndGet();
                    if (post == null) {
                        s.setSoLinger(true, 0);
                        continue;
                    }
                    answer = post;
                } else if (!listsWork && !request.contains("/users/me/")) {
                    answer = "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
                } else {
                    String body = request.contains("/users/me/") ? "{\"id\": 1, \"email\": \"me@example.com\"}" : "{\"results\": []}";
                    answer = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                            + "\r\nConnection: close\r\n\r\n" + body;
                }
                s.getOutputStream().write(answer.getBytes(StandardCharsets.ISO_8859_1));
            } catch (IOException e) {
                return;
            }
        }
    }

    /** The pending jobs cannot be read before the POST: the job is started all the same, and a lost answer says why it cannot be matched. */
    @Test
    void withoutASnapshotAJobIsStillStartedButALostAnswerStaysUnconfirmed() throws Exception {
        AtomicInteger posts = new AtomicInteger();
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            SdeClient c = clientOf(server, null, posts, false);

            assertThatThrownBy(() -> c.initiate(JobKind.ALM, 1, Trigger.MANUAL))
                    .isInstanceOf(SdeException.Unconfirmed.class)
                    .hasMessageContaining("pending jobs could not be read before the POST");
            assertThat(posts.get()).as("started all the same, once").isEqualTo(1);
        }
    }

    @Test
    void aResetOnceSentIsNotRepeated() throws Exception {
        AtomicInteger posts = new AtomicInteger();
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            SdeClient c = clientOf(server, null, posts, true);

            assertThatThrownBy(() -> c.initiate(JobKind.ALM, 1, Trigger.MANUAL))
                    .isInstanceOf(SdeException.Unconfirmed.class)
                    .satisfies(e -> assertThat(e.getCause()).isInstanceOf(SdeException.NetworkError.class));
            assertThat(posts.get()).isEqualTo(1);
        }
    }

    @Test
    void postIsRepeatedAfter429HonouringRetryAfterAndMakesExactlyOneJob() throws Exception {
        faulty.faults().post429(1, Duration.ofSeconds(1));

        time.await(onFakeTime().build().initiateAsync(JobKind.ALM, FAULTY, Trigger.MANUAL));

        assertThat(time.nowMs()).isGreaterThanOrEqualTo(950);
        assertThat(time.sentAtMs()).containsExactly(0L, 0L, 1000L); // the snapshot, the POST, the POST again
        assertThat(sim.count("POST", "/api/v2/jobs/alm/")).isEqualTo(2);
        assertThat(sim.jobsFor(FAULTY)).isEqualTo(1);
    }

    @Test
    void postIsRepeatedWhenTheConnectionWasRefusedAndMakesExactlyOneJob() throws Exception {
        SdeClient patient = Fixtures.clientFor(sim)
                .retryPolicy(new RetryPolicy(10, Duration.ofMillis(100), Duration.ofMillis(400))).build();
        sim.refuseConnectionsFor(Duration.ofMillis(600));

        Job job = patient.initiate(JobKind.ALM, FAULTY, Trigger.MANUAL);

        assertThat(job.connection().id()).isEqualTo(FAULTY);
        assertThat(sim.jobsFor(FAULTY)).isEqualTo(1);
        assertThat(sim.count("POST", "/api/v2/jobs/alm/")).isEqualTo(1); // refused attempts never reached it
    }

    @Test
    void recordingAResultFollowsTheSameRulesAsInitiating() {
        faulty.faults().post500(1);

        assertThatThrownBy(() -> client.recordResult(JobKind.ALM, FAULTY, Outcome.succeeded("done"), Trigger.MANUAL))
                .isInstanceOf(SdeException.ServerError.class);
        assertThat(sim.count("POST", "/api/v2/jobs/alm/")).isEqualTo(1);
    }

    @Test
    void getIsRetriedAfterAReset() throws Exception {
        AtomicInteger gets = new AtomicInteger();
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> resetEveryConnection(server, gets));
            t.setDaemon(true);
            t.start();
            SdeClient c = SdeClient.builder("http://127.0.0.1:" + server.getLocalPort(), ApiToken.of("tok-123"))
                    .retryPolicy(Fixtures.FAST_RETRY).build();

            assertThatThrownBy(c::me).isInstanceOf(SdeException.NetworkError.class);
            // The JDK client itself re-sends an idempotent GET once on a reset, so each attempt may count twice.
            assertThat(gets.get()).isBetween(Fixtures.FAST_RETRY.maxAttempts(), 2 * Fixtures.FAST_RETRY.maxAttempts());
        }
    }

    @Test
    void aNextLinkWrittenWithHttpBehindAProxyStaysOnOurSchemeAndPort() throws IOException, InterruptedException {
        HttpServer proxy = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        proxy.createContext("/", ex -> {
            boolean first = ex.getRequestURI().getQuery().contains("page_size") && !ex.getRequestURI().getQuery().contains("page=2");
            String body = first
                    ? "{\"count\":2,\"next\":\"http://127.0.0.1:1/api/v2/jobs/alm/?page=2&page_size=1\",\"results\":[{\"id\":1}]}"
                    : "{\"count\":2,\"next\":null,\"results\":[{\"id\":2}]}";
            reply(ex, body);
        });
        proxy.start();
        try {
            SdeClient c = SdeClient.builder("http://127.0.0.1:" + proxy.getAddress().getPort(), ApiToken.of("abc123")).build();
            assertThat(c.listJobs(JobKind.ALM, JobFilter.ALL)).extracting(Job::id).containsExactly(1L, 2L);
        } finally {
            proxy.stop(0);
        }
    }

    @Test
    void cancellingAListStopsItsRetries() throws Exception {
        AtomicInteger gets = new AtomicInteger();
        HttpServer down = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        down.createContext("/", ex -> {
            gets.incrementAndGet();
            ex.sendResponseHeaders(503, -1);
            ex.close();
        });
        down.start();
        try {
            SdeClient c = SdeClient.builder("http://127.0.0.1:" + down.getAddress().getPort(), ApiToken.of("abc123"))
                    .runtime(time.runtime(0.5)).retryPolicy(new RetryPolicy(1000, Duration.ofMillis(20), Duration.ofMillis(40))).build();
            var list = c.listJobsAsync(JobKind.ALM, JobFilter.ALL);
            time.advance(Duration.ofMillis(300));

            list.cancel(true);
            int atCancel = gets.get();
            time.advance(Duration.ofSeconds(5));

            assertThat(atCancel).isGreaterThan(3);
            assertThat(gets.get()).isBetween(atCancel, atCancel + 1);
        } finally {
            down.stop(0);
        }
    }

    @Test
    void aNextLinkThatLeavesTheApiIsRefusedAndNoneGoesToAnotherHost() throws IOException {
        HttpServer evil = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        evil.createContext("/", ex -> reply(ex,
                "{\"count\":2,\"next\":\"https://collector.example.net/steal?page=2\",\"results\":[{\"id\":1}]}"));
        evil.start();
        try {
            SdeClient c = SdeClient.builder("http://127.0.0.1:" + evil.getAddress().getPort(), ApiToken.of("abc123")).build();
            assertThatThrownBy(() -> c.listJobs(JobKind.ALM, JobFilter.ALL))
                    .isInstanceOf(SdeException.MalformedJson.class)
                    .hasMessageContaining("next-page link leaves the API (/steal is not under /api/v2/)");
        } finally {
            evil.stop(0);
        }
    }

    private static void reply(com.sun.net.httpserver.HttpExchange ex, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(200, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    /** Reads each request's headers, then resets the connection (RST) without answering. */
    private static void resetEveryConnection(ServerSocket server, AtomicInteger seen) {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                InputStream in = s.getInputStream();
                byte[] buf = new byte[8192];
                int n = in.read(buf);
                if (n > 0) {
                    seen.incrementAndGet();
                }
                s.setSoLinger(true, 0);
                OutputStream ignored = s.getOutputStream();
            } catch (IOException e) {
                return;
            }
        }
    }
}
