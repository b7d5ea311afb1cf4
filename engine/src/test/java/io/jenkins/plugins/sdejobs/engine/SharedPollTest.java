package io.jenkins.plugins.sdejobs.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.sdejobs.simulator.SimConnection;
import io.jenkins.plugins.sdejobs.simulator.Simulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Waits on one server, token and kind share one list of pending jobs; everything else stays per wait. On fake
 * time, the simulator's too: a round every 200 ms and jobs queued for a second take no real time.
 */
class SharedPollTest {
    private static final long FAILING = 9;
    private static final long HIDDEN = 8;
    private static final WatchOptions OPTIONS = WatchOptions.DEFAULT.withPollIntervals(Duration.ofMillis(200),
            Duration.ofMillis(200)).withTimeout(Duration.ofSeconds(20));
    private final List<Simulator> sims = new ArrayList<>();
    private final FakeTime time = new FakeTime();
    private final SdeRuntime runtime = time.runtime(0.5);

    @AfterEach
    void stop() {
        runtime.close();
        time.shutdown();
        sims.forEach(Simulator::close);
    }

    private Simulator simulator(SimConnection... extra) {
        Simulator sim = Fixtures.simulator(Duration.ofSeconds(1), extra).clock(time.clock()).start();
        sims.add(sim);
        return sim;
    }

    private SdeClient client(Simulator sim) {
        return Fixtures.clientFor(sim).runtime(runtime).build();
    }

    /** A client on the fake runtime whose listener writes each retry decision of its calls to {@code heard}. */
    private SdeClient clientTelling(Simulator sim, List<String> heard) {
        return Fixtures.clientFor(sim).runtime(runtime).callListener(new CallListener() {
            @Override
            public void onRetryDecision(String call, SdeException error, int attempt, RetryDecision decision) {
                heard.add(attempt + " " + decision.getClass().getSimpleName());
            }
        }).build();
    }

    private Job await(JobWatch w) throws InterruptedException {
        return time.await(w.result());
    }

    /** The shared poll's lists (not the look at a connection's pending jobs that each start makes first). */
    private static long lists(Simulator sim, String kind) {
        return sim.requestLog().stream()
                .filter(r -> r.startsWith("GET /api/v2/jobs/" + kind + "/?") && !r.contains("connection=")).count();
    }

    private static long ownGets(Simulator sim, List<Job> jobs) {
        return jobs.stream().mapToLong(j -> sim.count("GET", "/api/v2/jobs/" + j.kind().id() + "/" + j.id() + "/")).sum();
    }

    private List<Job> start(SdeClient client, JobKind kind, long connection, int n) throws InterruptedException {
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            jobs.add(time.await(client.initiateAsync(kind, connection, Trigger.MANUAL)));
        }
        return jobs;
    }

    private static List<JobWatch> watch(SdeClient client, List<Job> jobs, WatchOptions options) {
        return jobs.stream().map(j -> client.watch(j, options)).toList();
    }

    @Test
    void fiftyWaitsSendOneListPerRoundAndEachEndsWithItsOwnJobsFinalRecord() throws Exception {
        Simulator sim = simulator(SimConnection.of(FAILING, "alm").queuedFor(Duration.ofSeconds(1))
                .fails("Jira refused the sync of connection 9"));
        SdeClient client = client(sim);
        List<Job> jobs = new ArrayList<>(start(client, JobKind.ALM, Fixtures.ALM, 25));
        jobs.addAll(start(client, JobKind.ALM, FAILING, 25));

        long t0 = time.nowMs();
        List<JobWatch> watches = watch(client, jobs, OPTIONS);
        List<Job> done = new ArrayList<>();
        for (JobWatch w : watches) {
            done.add(await(w));
        }
        long elapsedMs = time.nowMs() - t0;

        for (int i = 0; i < jobs.size(); i++) {
            Job started = jobs.get(i);
            Job finished = done.get(i);
            assertThat(finished.id()).isEqualTo(started.id());
            assertThat(finished.ready()).isTrue();
            boolean fails = started.connection().id() == FAILING;
            assertThat(finished.succeeded()).isEqualTo(!fails);
            assertThat(finished.resultMessage().equals("Jira refused the sync of connection 9")).isEqualTo(fails);
        }
        // Rounds come at most every 200 ms (the first interval), however many waits there are.
        assertThat(lists(sim, "alm")).isBetween(1L, elapsedMs / 200 + 2);
        // One GET per job for its final record, and at most a few polls of a wait that was alone for a moment
        // (the first, before the second joined); each wait alone would have polled about five times.
        assertThat(ownGets(sim, jobs)).isBetween(50L, 55L);
        // On fake time all fifty join at one instant, so none is ever alone: exactly one GET each, and rounds exactly
        // 200 ms apart until the jobs are ready after a second.
        assertThat(ownGets(sim, jobs)).isEqualTo(50);
        assertThat(lists(sim, "alm")).isEqualTo(5); // at 200, 400, ..., 1000 ms
        assertThat(runtime.waits()).as("waits still held by the poll").isZero();
    }

    /**
     * As in a Jenkins where fifty builds gate on one connection: jobs end over half a minute, so the group shrinks
     * while intervals grow. Rounds keep their steady pace however few waits are left while jobs are finishing, so the
     * last waits are not left with rounds several seconds apart (with rounds at √n times the youngest's interval,
     * the slowest was seen 3.0 s late; before that rule counted the waits a list found finished, 5.4 s).
     */
    @Test
    void fiftyWaitsWhoseJobsEndOverHalfAMinuteAreEachSeenWithinTheSteadyPace() throws Exception {
        Simulator sim = Simulator.builder().clock(time.clock()).seed(7)
                .connection(SimConnection.of(1, "alm").queuedBetween(Duration.ofSeconds(30), Duration.ofSeconds(60))).start();
        sims.add(sim);
        SdeClient client = client(sim);
        List<Job> jobs = start(client, JobKind.ALM, 1, 50);

        List<Long> lateMs = new ArrayList<>();
        for (JobWatch w : watch(client, jobs, WatchOptions.DEFAULT)) {
            Job done = await(w);
            lateMs.add(sim.firstServedReady(done.id()).toEpochMilli() - done.lastRun().toInstant().toEpochMilli());
        }

        long pace = (long) (PollGroup.STEADY * WatchOptions.DEFAULT.firstInterval().toMillis());
        assertThat(lateMs).allMatch(ms -> ms >= 0 && ms <= pace, "seen within one round's spacing, " + pace + " ms, of being ready");
        assertThat(sim.requestCount()).as("requests, with the 100 of the starts").isLessThan(300);
    }

    /** The lists of {@code connection}'s own pending jobs, which a start reads for its snapshot when nothing shares. */
    private static long snapshotLists(Simulator sim, long connection) {
        return sim.requestLog().stream().filter(r -> r.startsWith("GET /api/v2/jobs/alm/?") && r.contains("connection=" + connection + "&")
                || r.startsWith("GET /api/v2/jobs/alm/?") && r.endsWith("connection=" + connection)).count();
    }

    @Test
    void aStartWhileWaitsShareAPollTakesItsSnapshotFromTheNextRound() throws Exception {
        Simulator sim = simulator();
        SdeClient client = client(sim);
        List<Job> waited = start(client, JobKind.ALM, Fixtures.ALM, 2);
        List<JobWatch> watches = watch(client, waited, OPTIONS);
        time.advance(Duration.ofMillis(250)); // both have joined, and a round has listed them
        long listsBefore = lists(sim, "alm");

        Job third = time.await(client.initiateAsync(JobKind.ALM, Fixtures.ALM, Trigger.MANUAL));

        assertThat(third.id()).isGreaterThan(waited.get(1).id());
        assertThat(snapshotLists(sim, Fixtures.ALM)).as("snapshots read by the two starts before the poll shared").isEqualTo(2);
        assertThat(lists(sim, "alm")).as("the round the start waited for").isEqualTo(listsBefore + 1);
        for (JobWatch w : watches) {
            assertThat(await(w).ready()).isTrue();
        }
    }

    /**
     * A lost POST answer is reconciled against the round's snapshot: the connection's older pending job, started by the
     * same user, is at or below it, so the new job is the one adopted, with one POST.
     */
    @Test
    void aLostPostAnswerIsAdoptedAgainstTheSnapshotOfARound() throws Exception {
        SimConnection dropping = SimConnection.of(12, "alm").alias("Dropping").queuedFor(Duration.ofSeconds(5));
        Simulator sim = simulator(dropping);
        SdeClient client = client(sim);
        Job older = time.await(client.initiateAsync(JobKind.ALM, 12, Trigger.MANUAL)); // pending for 5 s
        List<JobWatch> watches = watch(client, start(client, JobKind.ALM, Fixtures.ALM, 2), OPTIONS);
        time.advance(Duration.ofMillis(250));
        long snapshotsBefore = snapshotLists(sim, 12);
        dropping.faults().postDrop(1);

        Job adopted = time.await(client.initiateAsync(JobKind.ALM, 12, Trigger.MANUAL));

        assertThat(adopted.id()).isGreaterThan(older.id());
        assertThat(sim.count("POST", "/api/v2/jobs/alm/")).isEqualTo(4);
        assertThat(sim.jobsFor(12)).isEqualTo(2);
        assertThat(snapshotLists(sim, 12)).as("only reconciliation's own look at connection 12").isEqualTo(snapshotsBefore + 1);
        for (JobWatch w : watches) {
            await(w);
        }
    }

    @Test
    void aStartWithNoSharedPollReadsItsOwnSnapshotAndARefusedRoundFallsBackToIt() throws Exception {
        Simulator sim = simulator();
        SdeClient client = client(sim);
        time.await(client.initiateAsync(JobKind.ALM, Fixtures.ALM, Trigger.MANUAL));
        assertThat(snapshotLists(sim, Fixtures.ALM)).isEqualTo(1);

        List<JobWatch> watches = watch(client, start(client, JobKind.ALM, Fixtures.ALM, 2), OPTIONS);
        time.advance(Duration.ofMillis(250));
        sim.failLists(1, 403);
        time.await(client.initiateAsync(JobKind.ALM, Fixtures.ALM, Trigger.MANUAL));
        assertThat(snapshotLists(sim, Fixtures.ALM)).as("after the refused round, the start's own read").isEqualTo(4);
        for (JobWatch w : watches) {
            await(w);
        }
    }

    @Test
    void aBurstOfStartsWithNoWaitSharesTwoSnapshotReads() throws Exception {
        Simulator sim = simulator();
        SdeClient client = client(sim);
        List<java.util.concurrent.CompletableFuture<Job>> starts = new ArrayList<>();
        for (int i = 0; i < 10; i++) { // all ask before the loop runs: the first reads, the nine wait for the next read
            starts.add(client.initiateAsync(JobKind.ALM, Fixtures.ALM, Trigger.MANUAL));
        }
        List<Long> ids = new ArrayList<>();
        for (var start : starts) {
            ids.add(time.await(start).id());
        }

        assertThat(ids).hasSize(10).doesNotHaveDuplicates();
        assertThat(sim.count("POST", "/api/v2/jobs/alm/")).isEqualTo(10);
        assertThat(snapshotLists(sim, Fixtures.ALM)).as("the first start's read, and the next for the nine").isEqualTo(2);
    }

    @Test
    void aStartWhileOneWaitIsAloneTakesItsSnapshotFromThatWaitsNextLook() throws Exception {
        Simulator sim = simulator();
        SdeClient client = client(sim);
        Job first = time.await(client.initiateAsync(JobKind.ALM, Fixtures.ALM, Trigger.MANUAL));
        JobWatch alone = client.watch(first, OPTIONS);
        time.advance(Duration.ofMillis(250)); // alone: one GET of its own job
        assertThat(ownGets(sim, List.of(first))).isEqualTo(1);

        Job second = time.await(client.initiateAsync(JobKind.ALM, Fixtures.ALM, Trigger.MANUAL));

        assertThat(second.id()).isGreaterThan(first.id());
        assertThat(snapshotLists(sim, Fixtures.ALM)).as("only the first start's own read").isEqualTo(1);
        assertThat(lists(sim, "alm")).as("the wait's look that was a list, for the start").isEqualTo(1);
        assertThat(ownGets(sim, List.of(first))).as("no GET beside that list").isEqualTo(1);
        assertThat(await(alone).succeeded()).isTrue();
    }

    @Test
    void everyPageOfOtherPendingJobsIsReadToFindTheWaitedFor() throws Exception {
        Simulator sim = simulator();
        SdeClient client = client(sim);
        List<Job> waited = start(client, JobKind.ALM, Fixtures.ALM, 2); // the oldest: on the last page (newest first)
        start(client, JobKind.ALM, 4, 150); // someone else's, pending for 10 minutes: a page and a half before them

        for (JobWatch w : watch(client, waited, OPTIONS)) {
            assertThat(await(w).succeeded()).isTrue();
        }
        assertThat(sim.requestLog()).anyMatch(r -> r.startsWith("GET /api/v2/jobs/alm/?") && r.contains("page=2"));
        assertThat(ownGets(sim, waited)).as("GETs of the waited-for jobs").isLessThanOrEqualTo(4);
    }

    @Test
    void cancellingOneWaitLeavesTheOthersRunning() throws Exception {
        Simulator sim = simulator();
        SdeClient client = client(sim);
        List<JobWatch> watches = watch(client, start(client, JobKind.ALM, Fixtures.ALM, 3), OPTIONS);
        time.advance(Duration.ofMillis(400)); // two rounds with all three

        watches.get(1).cancel();

        assertThat(await(watches.get(0)).succeeded()).isTrue();
        assertThat(await(watches.get(2)).succeeded()).isTrue();
        assertThat(watches.get(1).result()).isCancelled();
        assertThat(lists(sim, "alm")).isPositive();
        assertThat(runtime.waits()).as("waits still held by the poll").isZero();
    }

    @Test
    void aListThatFailsForAWhileIsAPollErrorForEachWaitAndNoWaitFails() throws Exception {
        Simulator sim = simulator();
        List<String> heardByOne = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<String> heardByOther = new java.util.concurrent.CopyOnWriteArrayList<>();
        SdeClient client = clientTelling(sim, heardByOne); // as two builds, each with its own log
        SdeClient other = clientTelling(sim, heardByOther);
        List<Job> jobs = start(client, JobKind.ALM, Fixtures.ALM, 3);
        List<Job> others = start(other, JobKind.ALM, Fixtures.ALM, 2);
        sim.failLists(4, 503); // every attempt of the first list (four, with the test client's retries)
        AtomicInteger pollErrors = new AtomicInteger();
        WatchOptions options = OPTIONS.withListener(new WatchListener() {
            @Override
            public void onPollError(SdeException error, Duration sinceWatchStarted) {
                pollErrors.incrementAndGet();
            }
        });
        List<JobWatch> watches = new ArrayList<>(watch(client, jobs, options));
        watches.addAll(watch(other, others, options));

        for (JobWatch w : watches) {
            assertThat(await(w).succeeded()).isTrue();
        }
        assertThat(pollErrors).hasValueGreaterThanOrEqualTo(4); // each wait sharing that round was told
        assertThat(lists(sim, "alm")).isGreaterThan(4);
        // The list's three retries and its giving up reach each listener once, however many of its waits it served.
        assertThat(heardByOne).containsExactly("1 Retry", "2 Retry", "3 Retry", "4 GiveUp");
        assertThat(heardByOther).containsExactly("1 Retry", "2 Retry", "3 Retry", "4 GiveUp");
    }

    @Test
    void aListThatIsRefusedSendsEachWaitToItsOwnJob() throws Exception {
        Simulator sim = simulator();
        SdeClient client = client(sim);
        List<Job> jobs = start(client, JobKind.ALM, Fixtures.ALM, 5);
        sim.failLists(1_000, 400); // a server (or proxy) that will not list: not the waits' fault
        List<JobWatch> watches = watch(client, jobs, OPTIONS);

        for (JobWatch w : watches) {
            assertThat(await(w).succeeded()).isTrue();
        }
        assertThat(lists(sim, "alm")).isPositive();
        assertThat(ownGets(sim, jobs)).isGreaterThanOrEqualTo(5);
    }

    @Test
    void aJobMissingFromTheListIsStillSeenToFinish() throws Exception {
        Simulator sim = simulator(SimConnection.of(HIDDEN, "alm").queuedFor(Duration.ofSeconds(1)).hiddenFromLists());
        SdeClient client = client(sim);
        Job listed = time.await(client.initiateAsync(JobKind.ALM, Fixtures.ALM, Trigger.MANUAL));
        Job hidden = time.await(client.initiateAsync(JobKind.ALM, HIDDEN, Trigger.MANUAL));

        List<JobWatch> watches = watch(client, List.of(listed, hidden), OPTIONS);

        assertThat(await(watches.get(1))).satisfies(j -> {
            assertThat(j.id()).isEqualTo(hidden.id());
            assertThat(j.ready()).isTrue();
        });
        assertThat(await(watches.get(0)).ready()).isTrue();
        assertThat(lists(sim, "alm")).isPositive();
    }

    @Test
    void waitsThatJoinWhileAListIsUnderWayAreInTheNextRound() throws Exception {
        Simulator sim = Fixtures.simulator(Duration.ofMillis(100)).clock(time.clock())
                .listPageDelay(Duration.ofMillis(400)).start(); // real time, with the list in flight
        sims.add(sim);
        SdeClient client = client(sim);
        List<Job> first = start(client, JobKind.ALM, Fixtures.ALM, 3);
        List<Job> late = start(client, JobKind.ALM, Fixtures.ALM, 2);
        time.advance(Duration.ofMillis(100)); // all ready now, but known only as queued (from the POST)

        List<JobWatch> firstWatches = watch(client, first, OPTIONS);
        time.runUntil(() -> lists(sim, "alm") > 0); // a list under way
        List<JobWatch> lateWatches = watch(client, late, OPTIONS); // while that list is still being answered

        for (JobWatch w : firstWatches) {
            assertThat(await(w).succeeded()).isTrue();
        }
        for (JobWatch w : lateWatches) { // all the first round fed has finished: nothing else asks for a round
            assertThat(await(w).succeeded()).isTrue();
        }
    }

    @Test
    void twoKindsOrTwoServersNeverShareAPoll() throws Exception {
        Simulator one = simulator();
        Simulator other = simulator();
        SdeClient oneClient = client(one);
        SdeClient otherClient = client(other);
        List<Job> jobs = List.of(time.await(oneClient.initiateAsync(JobKind.ALM, Fixtures.ALM, Trigger.MANUAL)),
                time.await(oneClient.initiateAsync(JobKind.ANALYSIS, Fixtures.ANALYSIS, Trigger.MANUAL)));
        Job elsewhere = time.await(otherClient.initiateAsync(JobKind.ALM, Fixtures.ALM, Trigger.MANUAL));

        List<JobWatch> watches = new ArrayList<>(watch(oneClient, jobs, OPTIONS));
        watches.add(otherClient.watch(elsewhere, OPTIONS));
        for (JobWatch w : watches) {
            assertThat(await(w).succeeded()).isTrue();
        }

        assertThat(lists(one, "alm") + lists(one, "analysis") + lists(other, "alm")).isZero();
        assertThat(ownGets(one, jobs)).isGreaterThanOrEqualTo(8); // each polled by itself, about every 200 ms
    }

    @Test
    void waitsOfTwoRuntimesNeverShareAndClosingOneEndsOnlyItsOwn() throws Exception {
        Simulator sim = simulator();
        FakeTime otherTime = new FakeTime();
        SdeRuntime other = otherTime.runtime(0.5);
        SdeClient before = Fixtures.clientFor(sim).runtime(other).build();
        JobWatch abandoned = before.watch(otherTime.await(before.initiateAsync(JobKind.ALM, 4, Trigger.MANUAL)), OPTIONS); // 10 min
        otherTime.advance(Duration.ofSeconds(1)); // waiting
        other.close(); // as Jenkins does on a restart in the same JVM
        otherTime.shutdown();

        SdeClient after = client(sim);
        Job job = time.await(after.initiateAsync(JobKind.ALM, Fixtures.ALM, Trigger.MANUAL));
        assertThat(await(after.watch(job, OPTIONS)).succeeded()).isTrue();

        assertThatThrownBy(() -> abandoned.result().join()).hasMessageContaining("the threads that poll it have been stopped");
        assertThat(lists(sim, "alm")).isZero();
    }

    @Test
    void aClientThatDoesNotSharePollsEachJobAlone() throws Exception {
        Simulator sim = simulator();
        SdeClient client = Fixtures.clientFor(sim).runtime(runtime).sharedPolls(false).build();
        List<Job> jobs = start(client, JobKind.ALM, Fixtures.ALM, 3);

        for (JobWatch w : watch(client, jobs, OPTIONS)) {
            assertThat(await(w).succeeded()).isTrue();
        }
        assertThat(lists(sim, "alm")).isZero();
    }
}
