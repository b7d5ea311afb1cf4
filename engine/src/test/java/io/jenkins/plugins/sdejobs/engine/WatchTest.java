package io.jenkins.plugins.sdejobs.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.sdejobs.simulator.SimConnection;
import io.jenkins.plugins.sdejobs.simulator.Simulator;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Waiting: polling schedule, timeout, cancel, callbacks, and how poll errors are treated. */
class WatchTest {
    private static final long SLOW = 55;
    private static final long FAULTY = 66;
    private Simulator sim;
    private SimConnection faulty;
    private SdeClient client;
    private final FakeTime time = new FakeTime();

    @BeforeEach
    void start() {
        faulty = SimConnection.of(FAULTY, "analysis").queuedFor(Duration.ofMillis(400));
        sim = Fixtures.simulator(SimConnection.of(SLOW, "alm").queuedFor(Duration.ofMinutes(10)), faulty).start();
        client = Fixtures.client(sim);
    }

    @AfterEach
    void stop() {
        time.shutdown();
        sim.close();
    }

    /** A client on {@link #time}, whose every wait is {@code 0.8 + 0.2 * jitter} of the interval. */
    private SdeClient onFakeTime(double jitter) {
        return Fixtures.clientFor(sim).runtime(time.runtime(jitter)).build();
    }

    /** The gaps between the requests sent on {@link #time}, in milliseconds. */
    private List<Long> gapsMs() {
        List<Long> at = time.sentAtMs();
        return java.util.stream.IntStream.range(1, at.size()).mapToObj(i -> at.get(i) - at.get(i - 1)).toList();
    }

    private static WatchOptions oneSecondGrowingToThree(Duration timeout) {
        return WatchOptions.DEFAULT.withPollIntervals(Duration.ofSeconds(1), Duration.ofSeconds(3)).withGrowth(1.2)
                .withTimeout(timeout);
    }

    @Test
    void pollsAtOnceThenAtIntervalsGrowingToTheCapUntilTheDeadline() throws Exception {
        Job job = client.initiate(JobKind.ALM, SLOW, Trigger.MANUAL);
        SdeClient timed = onFakeTime(1.0);
        WatchOptions opts = oneSecondGrowingToThree(Duration.ofSeconds(12));

        assertThatThrownBy(() -> time.await(timed.watch(job.ref(), opts).result())).isInstanceOf(SdeException.WaitTimeout.class)
                .hasMessage("Timed out after 12.0s waiting for alm job " + job.id() + "; it was still queued or running. The job"
                        + " keeps running in SD Elements: wait for job " + job.id() + " again, or raise the timeout.");

        // At once, then 1 s ×1.2 up to 3 s; the last wait is cut short to end on the deadline (12 s), where one
        // last poll goes out
        assertThat(time.sentAtMs()).first().isEqualTo(0L);
        assertThat(gapsMs()).containsExactly(1000L, 1200L, 1440L, 1728L, 2073L, 2488L, 2071L);
        assertThat(sim.count("GET", "/api/v2/jobs/alm/" + job.id())).isEqualTo(8);
    }

    @Test
    void aWaitWhoseSchedulerIsStoppedEndsWithAClearErrorInsteadOfHanging() throws Exception {
        Job job = client.initiate(JobKind.ALM, SLOW, Trigger.MANUAL);
        SdeRuntime stopped = SdeRuntime.create();
        SdeClient onStopped = Fixtures.clientFor(sim).runtime(stopped).build();
        stopped.close();

        JobWatch w = onStopped.watch(job, Fixtures.FAST_WATCH);

        assertThatThrownBy(w::await).isInstanceOf(SdeException.NetworkError.class)
                .hasMessage("Stopped waiting for alm job " + job.id() + ": the threads that poll it have been stopped,"
                        + " as when the process shuts down. The job keeps running in SD Elements.");
    }

    @Test
    void aWaitRunningWhenItsRuntimeClosesEndsWithTheSameMessage() throws Exception {
        Job job = client.initiate(JobKind.ALM, SLOW, Trigger.MANUAL);
        SdeRuntime rt = time.runtime(1.0);
        JobWatch w = Fixtures.clientFor(sim).runtime(rt).build().watch(job, Fixtures.FAST_WATCH);
        time.advance(Duration.ofMillis(100)); // polling

        rt.close();

        assertThat(time.sentAtMs()).isNotEmpty();
        assertThatThrownBy(w::await).isInstanceOf(SdeException.NetworkError.class)
                .hasMessageContaining("the threads that poll it have been stopped");
    }

    @Test
    void jitterShortensEachWaitByAtMostAFifth() throws Exception {
        Job job = client.initiate(JobKind.ALM, SLOW, Trigger.MANUAL);
        SdeClient timed = onFakeTime(0.0);
        WatchOptions opts = oneSecondGrowingToThree(Duration.ofSeconds(15));

        assertThatThrownBy(() -> time.await(timed.watch(job.ref(), opts).result())).isInstanceOf(SdeException.WaitTimeout.class);

        assertThat(gapsMs()).startsWith(800L, 960L, 1152L, 1382L, 1658L, 1990L, 2388L, 2400L);
    }

    @Test
    void aWatchFromAKnownStateReportsItAndPollsOnlyAfterAnInterval() throws Exception {
        Job job = client.initiate(JobKind.ALM, SLOW, Trigger.MANUAL);
        List<Job.Status> seen = new CopyOnWriteArrayList<>();

        JobWatch w = onFakeTime(1.0).watch(job, Fixtures.FAST_WATCH.withPollIntervals(Duration.ofMillis(500), Duration.ofMillis(500))
                .withListener(new WatchListener() {
                    @Override
                    public void onStatusChange(Job j, Duration elapsed) { seen.add(j.status()); }
                }));
        time.advance(Duration.ofMillis(499));

        assertThat(seen).containsExactly(Job.Status.QUEUED);
        assertThat(sim.count("GET", "/api/v2/jobs/alm/" + job.id())).isZero();
        time.advance(Duration.ofMillis(1));
        assertThat(sim.count("GET", "/api/v2/jobs/alm/" + job.id())).isEqualTo(1);
        w.cancel();
    }

    @Test
    void aWatchFromAFinishedJobCompletesAtOnce() throws Exception {
        Job done = client.recordResult(JobKind.LDAP, Fixtures.LDAP, Outcome.succeeded("ok"), Trigger.MANUAL);

        assertThat(client.watch(done, Fixtures.FAST_WATCH).result()).isCompletedWithValue(done);
        assertThat(sim.count("GET", "/api/v2/jobs/ldap/")).isZero();
    }

    @Test
    void aTimeoutNamesTheJobAndSaysItKeepsRunning() throws Exception {
        Job job = client.initiate(JobKind.ALM, SLOW, Trigger.MANUAL);

        assertThatThrownBy(() -> client.await(JobRef.of(JobKind.ALM, job.id()), Fixtures.FAST_WATCH.withTimeout(Duration.ofMillis(300))))
                .isInstanceOf(SdeException.WaitTimeout.class)
                .hasMessageContaining("waiting for alm job " + job.id())
                .hasMessageContaining("still queued or running")
                .hasMessageContaining("keeps running in SD Elements")
                .satisfies(e -> assertThat(((SdeException.WaitTimeout) e).jobId()).isEqualTo(job.id()));
    }

    @Test
    void theDeadlineHoldsWhenTheServerStalls() throws Exception {
        Job job = client.initiate(JobKind.ANALYSIS, FAULTY, Trigger.MANUAL);
        faulty.faults().getStall(100, Duration.ofSeconds(5));

        long start = System.nanoTime();
        assertThatThrownBy(() -> client.await(JobRef.of(JobKind.ANALYSIS, job.id()), Fixtures.FAST_WATCH.withTimeout(Duration.ofMillis(800))))
                .isInstanceOf(SdeException.WaitTimeout.class)
                .hasMessageContaining("Last error: SD Elements did not answer");
        long ms = (System.nanoTime() - start) / 1_000_000;

        assertThat(ms).isBetween(750L, 3000L); // far below the 5 s stall, with room for a busy machine
    }

    @Test
    void cancelStopsPollingAtOnce() throws Exception {
        Job job = client.initiate(JobKind.ALM, SLOW, Trigger.MANUAL);
        JobWatch w = onFakeTime(1.0).watch(JobRef.of(JobKind.ALM, job.id()), Fixtures.FAST_WATCH);
        time.advance(Duration.ofMillis(200));

        w.cancel();
        long atCancel = sim.count("GET", "/api/v2/jobs/alm/" + job.id());
        time.advance(Duration.ofSeconds(5));

        assertThat(atCancel).isGreaterThan(1);
        assertThat(sim.count("GET", "/api/v2/jobs/alm/" + job.id())).isBetween(atCancel, atCancel + 1); // one may be in flight
        assertThat(w.result()).isCancelled();
    }

    @Test
    void cancelAlsoStopsTheRetriesOfAPollInProgress() throws Exception {
        Job job = client.initiate(JobKind.ANALYSIS, FAULTY, Trigger.MANUAL);
        faulty.faults().get503(1000);
        SdeClient persistent = Fixtures.clientFor(sim).runtime(time.runtime(1.0))
                .retryPolicy(new RetryPolicy(1000, Duration.ofMillis(20), Duration.ofMillis(40))).build();
        JobWatch w = persistent.watch(JobRef.of(JobKind.ANALYSIS, job.id()), Fixtures.FAST_WATCH);
        time.advance(Duration.ofMillis(300));

        w.cancel();
        long atCancel = sim.count("GET", "/api/v2/jobs/analysis/" + job.id());
        time.advance(Duration.ofSeconds(5));

        assertThat(atCancel).isGreaterThan(3);
        assertThat(sim.count("GET", "/api/v2/jobs/analysis/" + job.id())).isBetween(atCancel, atCancel + 1);
    }

    @Test
    void interruptingABlockingWaitStopsPolling() throws Exception {
        Job job = client.initiate(JobKind.ALM, SLOW, Trigger.MANUAL);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread waiter = new Thread(() -> {
            try {
                client.await(JobRef.of(JobKind.ALM, job.id()), Fixtures.FAST_WATCH);
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        waiter.start();
        org.awaitility.Awaitility.await().until(() -> sim.count("GET", "/api/v2/jobs/alm/" + job.id()) > 0);

        waiter.interrupt();
        waiter.join(1000);
        long atInterrupt = sim.count("GET", "/api/v2/jobs/alm/" + job.id());
        Thread.sleep(400); // real time: the wait's own threads would poll about ten times in it

        assertThat(waiter.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        assertThat(sim.count("GET", "/api/v2/jobs/alm/" + job.id())).isBetween(atInterrupt, atInterrupt + 1);
    }

    @Test
    void reportsStatusChangesAndHeartbeats() throws Exception {
        Job job = client.initiate(JobKind.ANALYSIS, FAULTY, Trigger.MANUAL);
        List<String> events = new CopyOnWriteArrayList<>();
        WatchListener listener = new WatchListener() {
            @Override
            public void onStatusChange(Job j, Duration elapsed) { events.add("status:" + j.status()); }

            @Override
            public void onHeartbeat(Job j, Duration elapsed) { events.add("heartbeat:" + j.status()); }
        };

        Job done = client.await(JobRef.of(JobKind.ANALYSIS, job.id()),
                Fixtures.FAST_WATCH.withHeartbeat(Duration.ofMillis(150)).withListener(listener));

        assertThat(done.status()).isEqualTo(Job.Status.SUCCEEDED);
        assertThat(events).first().isEqualTo("status:QUEUED");
        assertThat(events).last().isEqualTo("status:SUCCEEDED");
        assertThat(events).contains("heartbeat:QUEUED");
        assertThat(events).filteredOn(e -> e.startsWith("status:")).hasSize(2);
    }

    @Test
    void transientPollErrorsAreReportedAndWaitingGoesOn() throws Exception {
        Job job = client.initiate(JobKind.ANALYSIS, FAULTY, Trigger.MANUAL);
        faulty.faults().get503(3);
        List<SdeException> errors = new CopyOnWriteArrayList<>();
        SdeClient noRetry = Fixtures.clientFor(sim).retryPolicy(RetryPolicy.NONE).build();

        Job done = noRetry.await(JobRef.of(JobKind.ANALYSIS, job.id()), Fixtures.FAST_WATCH.withListener(new WatchListener() {
            @Override
            public void onPollError(SdeException error, Duration elapsed) { errors.add(error); }
        }));

        assertThat(done.ready()).isTrue();
        assertThat(errors).hasSize(3).allMatch(e -> e instanceof SdeException.ServerError);
    }

    @Test
    void aPermanentPollErrorEndsTheWait() throws Exception {
        Job job = client.initiate(JobKind.ANALYSIS, FAULTY, Trigger.MANUAL);
        faulty.faults().getHtml(1);

        assertThatThrownBy(() -> client.await(JobRef.of(JobKind.ANALYSIS, job.id()), Fixtures.FAST_WATCH))
                .isInstanceOf(SdeException.NotJson.class);
        assertThat(sim.count("GET", "/api/v2/jobs/analysis/" + job.id())).isEqualTo(1);
    }

    @Test
    void waitingForAJobThatDoesNotExistFailsAtOnce() {
        assertThatThrownBy(() -> client.await(JobRef.of(JobKind.LDAP, 424242), Fixtures.FAST_WATCH))
                .isInstanceOf(SdeException.NotFound.class);
    }

    @Test
    void aListenerThatThrowsDoesNotBreakTheWait() throws Exception {
        Job job = client.initiate(JobKind.ANALYSIS, FAULTY, Trigger.MANUAL);

        Job done = client.await(JobRef.of(JobKind.ANALYSIS, job.id()), Fixtures.FAST_WATCH.withListener(new WatchListener() {
            @Override
            public void onStatusChange(Job j, Duration elapsed) { throw new IllegalStateException("listener bug"); }
        }));

        assertThat(done.ready()).isTrue();
    }

    @Test
    void manyWatchesShareTheEnginesFewThreads() throws Exception {
        long before = clientThreads();
        List<JobWatch> watches = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 200; i++) {
            Job j = client.initiate(JobKind.ANALYSIS, FAULTY, Trigger.MANUAL);
            watches.add(client.watch(JobRef.of(JobKind.ANALYSIS, j.id()), Fixtures.FAST_WATCH));
        }
        CountDownLatch done = new CountDownLatch(watches.size());
        watches.forEach(w -> w.result().whenComplete((j, e) -> done.countDown()));
        long during = clientThreads();

        assertThat(done.await(20, TimeUnit.SECONDS)).isTrue();
        assertThat(watches).allMatch(w -> w.result().join().succeeded());
        assertThat(during - before).isLessThanOrEqualTo(8);
    }

    /** Threads of the engine and of the JDK HTTP client (the simulator's own threads live in this JVM too). */
    private static long clientThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("sde-jobs") || t.getName().startsWith("HttpClient")).count();
    }

    @Test
    void completingTheResultFromOutsideChangesNothingAndAwaitGivesTheRealJob() throws Exception {
        Job job = client.initiate(JobKind.ALM, Fixtures.ALM, Trigger.MANUAL);
        JobWatch w = client.watch(JobRef.of(JobKind.ALM, job.id()), Fixtures.FAST_WATCH);
        Job forged = new Job(job.id(), JobKind.ALM, null, null, true, false, false, "forged", null, null);

        w.result().complete(forged);
        Job done = w.await();

        assertThat(done.resultMessage()).isNotEqualTo("forged");
        assertThat(done.ready()).isTrue();
        assertThat(done.succeeded()).isTrue();
    }

    @Test
    void aCancelledWatchReportsCancellation() throws Exception {
        Job job = client.initiate(JobKind.ALM, SLOW, Trigger.MANUAL);
        JobWatch w = client.watch(JobRef.of(JobKind.ALM, job.id()), Fixtures.FAST_WATCH);
        w.cancel();

        assertThatThrownBy(() -> w.result().join()).isInstanceOf(CancellationException.class);
    }

    @Test
    void optionsRefuseNonsense() {
        assertThatThrownBy(() -> WatchOptions.DEFAULT.withTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout must be positive");
        assertThatThrownBy(() -> WatchOptions.DEFAULT.withGrowth(0.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("growth");
        assertThatThrownBy(() -> WatchOptions.DEFAULT.withPollIntervals(Duration.ofMinutes(1), Duration.ofSeconds(30)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The maximum poll interval (30000 ms) is shorter than the first (60000 ms)");
        assertThat(WatchOptions.DEFAULT.withPollIntervals(Duration.ofSeconds(2), Duration.ofMinutes(1)).maxInterval())
                .isEqualTo(Duration.ofMinutes(1));
        assertThat(WatchOptions.DEFAULT.firstInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(WatchOptions.DEFAULT.growth()).isEqualTo(1.2);
        assertThat(WatchOptions.DEFAULT.maxInterval()).isEqualTo(Duration.ofSeconds(30));
    }
}
