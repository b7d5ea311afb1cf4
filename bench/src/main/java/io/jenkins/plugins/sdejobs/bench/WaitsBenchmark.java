package io.jenkins.plugins.sdejobs.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.sdejobs.engine.Trigger;
import io.jenkins.plugins.sdejobs.engine.ApiToken;
import io.jenkins.plugins.sdejobs.engine.Job;
import io.jenkins.plugins.sdejobs.engine.JobKind;
import io.jenkins.plugins.sdejobs.engine.JobRef;
import io.jenkins.plugins.sdejobs.engine.JobWatch;
import io.jenkins.plugins.sdejobs.engine.PendingSnapshot;
import io.jenkins.plugins.sdejobs.engine.SdeClient;
import io.jenkins.plugins.sdejobs.engine.WatchOptions;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Waits for 1,000 simulator jobs, each ready after a random 2–20 s, three ways: the engine's watches sharing
 * one poll (the default), the engine's watches each polling its own job, and a naive thread per wait that
 * sleeps 5 s between GETs. The simulator runs in its own process so that its
 * threads and heap are not counted. Prints one line of figures last.
 */
public final class WaitsBenchmark {
    private static final int WAITS = Integer.getInteger("waits", 1000);
    private static final long BASELINE_SLEEP_MS = 5000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private WaitsBenchmark() {
    }

    /** What one way of waiting cost. Requests count the POST and every GET, per job. */
    private record Result(int waits, int threadsAdded, long heapPerWait, double requestsPerJob, long overshootP99Ms) {
    }

    /**
     * {@code bench/waits}: 1,000 waits three ways, one line of figures last. {@code bench/waits --scale FILE.png}:
     * the shared poll and per-job polls at 1, 10, 100 and 1,000 waits, as a table and a plot.
     */
    public static void main(String[] args) throws Exception {
        Process simulator = startSimulator();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(simulator.getInputStream(), StandardCharsets.UTF_8));
            String url = value(out.readLine(), "url: ");
            String token = value(out.readLine(), "token: ");
            SdeClient shared = SdeClient.builder(url, ApiToken.of(token)).build();
            SdeClient perJob = SdeClient.builder(url, ApiToken.of(token)).sharedPolls(false).build();
            shared.me(); // let class loading and the first connection happen before measuring
            if (args.length == 2 && args[0].equals("--scale")) {
                scale(url, shared, perJob, Path.of(args[1]));
                return;
            }
            Result s = measure("shared", url, shared, WAITS, WaitsBenchmark::engineWaits);
            Result p = measure("per-job", url, perJob, WAITS, WaitsBenchmark::engineWaits);
            Result baseline = measure("baseline", url, perJob, WAITS, WaitsBenchmark::baselineWaits);

            System.out.printf(Locale.ROOT, "waits=%d threads_added=%d heap_per_wait_bytes=%d shared_requests_per_job=%.2f "
                            + "shared_overshoot_p99_ms=%d per_job_threads_added=%d per_job_requests_per_job=%.2f "
                            + "per_job_overshoot_p99_ms=%d baseline_threads_added=%d baseline_requests_per_job=%.2f "
                            + "baseline_overshoot_p99_ms=%d%n",
                    WAITS, s.threadsAdded, s.heapPerWait, s.requestsPerJob, s.overshootP99Ms, p.threadsAdded,
                    p.requestsPerJob, p.overshootP99Ms, baseline.threadsAdded, baseline.requestsPerJob,
                    baseline.overshootP99Ms);
        } finally {
            simulator.destroy();
            simulator.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static void scale(String url, SdeClient shared, SdeClient perJob, Path png) throws Exception {
        List<Result> sharedRuns = new ArrayList<>();
        List<Result> perJobRuns = new ArrayList<>();
        System.out.println("| waits | shared requests/job | shared overshoot p99 ms | per-job requests/job | per-job overshoot p99 ms |");
        System.out.println("|---|---|---|---|---|");
        for (int n : new int[] {1, 10, 100, 1000}) {
            Result s = measure("shared", url, shared, n, WaitsBenchmark::engineWaits);
            Result p = measure("per-job", url, perJob, n, WaitsBenchmark::engineWaits);
            sharedRuns.add(s);
            perJobRuns.add(p);
            System.out.printf(Locale.ROOT, "| %d | %.2f | %d | %.2f | %d |%n", n, s.requestsPerJob, s.overshootP99Ms,
                    p.requestsPerJob, p.overshootP99Ms);
        }
        Plot.draw(png, sharedRuns.stream().map(r -> new Plot.Point(r.waits, r.requestsPerJob, r.overshootP99Ms)).toList(),
                perJobRuns.stream().map(r -> new Plot.Point(r.waits, r.requestsPerJob, r.overshootP99Ms)).toList());
        System.err.println("plot written to " + png);
    }

    private interface Waits {
        /** Waits for every job; adds each overshoot in ms; returns the retained heap per wait while all wait. */
        long run(SdeClient client, List<Job> jobs, ConcurrentLinkedQueue<Long> overshoots) throws Exception;
    }

    private static Result measure(String name, String url, SdeClient client, int waits, Waits how) throws Exception {
        System.err.printf("%s: starting %d jobs%n", name, waits);
        List<Job> jobs = createJobs(client, waits);
        long getsBefore = simulatorGets(url);
        int threadsBefore = THREADS.getThreadCount();
        THREADS.resetPeakThreadCount();
        ConcurrentLinkedQueue<Long> overshoots = new ConcurrentLinkedQueue<>();
        long start = System.nanoTime();

        long heapPerWait = how.run(client, jobs, overshoots);

        int threadsAdded = THREADS.getPeakThreadCount() - threadsBefore;
        double requests = 1 + (simulatorGets(url) - getsBefore) / (double) waits; // the POST, and the GETs since
        List<Long> sorted = new ArrayList<>(overshoots);
        Collections.sort(sorted);
        long p99 = sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1);
        System.err.printf(Locale.ROOT, "%s: done in %.1f s, threads_added=%d requests_per_job=%.2f overshoot p50=%d p99=%d max=%d ms%n",
                name, (System.nanoTime() - start) / 1e9, threadsAdded, requests, sorted.get(sorted.size() / 2), p99,
                sorted.get(sorted.size() - 1));
        return new Result(waits, threadsAdded, heapPerWait, requests, p99);
    }

    private static long engineWaits(SdeClient client, List<Job> jobs, ConcurrentLinkedQueue<Long> overshoots)
            throws Exception {
        long heapBefore = usedHeapAfterGc();
        List<JobWatch> watches = new ArrayList<>(jobs.size());
        for (Job job : jobs) {
            watches.add(client.watch(job, WatchOptions.DEFAULT));
        }
        long heapPerWait = Math.max(0, (usedHeapAfterGc() - heapBefore) / jobs.size());
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (JobWatch w : watches) {
            done.add(w.result().thenAccept(job -> overshoots.add(overshoot(job))));
        }
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
        return heapPerWait;
    }

    private static long baselineWaits(SdeClient client, List<Job> jobs, ConcurrentLinkedQueue<Long> overshoots)
            throws Exception {
        List<Thread> threads = new ArrayList<>();
        for (Job started : jobs) {
            long id = started.id();
            Thread t = new Thread(() -> {
                try {
                    while (true) {
                        Job job = client.getJob(JobRef.of(JobKind.ALM, id));
                        if (job.ready()) {
                            overshoots.add(overshoot(job));
                            return;
                        }
                        Thread.sleep(BASELINE_SLEEP_MS);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join(TimeUnit.MINUTES.toMillis(2));
        }
        return -1;
    }

    /** When we saw it ready minus when it became ready (the simulator's {@code last_run}). */
    private static long overshoot(Job job) {
        return Duration.between(job.lastRun().toInstant(), Instant.now()).toMillis();
    }

    /**
     * Posts the jobs a few at a time, as fast as the simulator takes them. One read of the connection's pending
     * jobs serves all the POSTs (a lost answer could then still not be mistaken for an older job): reading it
     * before each of 1,000 POSTs on one connection would page through up to 1,000 pending jobs each time.
     */
    private static List<Job> createJobs(SdeClient client, int waits) throws Exception {
        Semaphore inFlight = new Semaphore(16);
        List<CompletableFuture<Job>> posts = new ArrayList<>();
        PendingSnapshot before = client.pendingSnapshotAsync(JobKind.ALM, 1).get();
        for (int i = 0; i < waits; i++) {
            inFlight.acquire();
            posts.add(client.initiateAsync(JobKind.ALM, 1, Trigger.MANUAL, before).whenComplete((j, e) -> inFlight.release()));
        }
        List<Job> jobs = new ArrayList<>();
        for (CompletableFuture<Job> p : posts) {
            jobs.add(p.get());
        }
        return jobs;
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    private static long simulatorGets(String url) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(url + "/__simulator/requests")).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body()).get("GET").asLong();
    }

    private static Process startSimulator() throws Exception {
        Path config = Files.createTempFile("sde-bench-", ".json");
        config.toFile().deleteOnExit();
        Files.writeString(config, "{\"seed\": 7, \"connections\": [{\"id\": 1, \"kind\": \"alm\", \"alias\": \"Bench\","
                + " \"queued_ms\": 2000, \"queued_max_ms\": 20000}]}");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                "io.jenkins.plugins.sdejobs.simulator.SimulatorMain", "--config", config.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static String value(String line, String prefix) {
        if (line == null || !line.startsWith(prefix)) {
            throw new IllegalStateException("The simulator did not start: expected '" + prefix + "...', got " + line);
        }
        return line.substring(prefix.length()).trim();
    }
}
