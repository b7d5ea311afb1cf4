package io.jenkins.plugins.sdejobs.e2e;

import io.jenkins.plugins.sdejobs.simulator.SimConnection;
import io.jenkins.plugins.sdejobs.simulator.Simulator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Figures, not a test (run by e2e/bench): {@code BUILDS} concurrent Pipeline builds in one Jenkins, each waiting
 * on an SD Elements job that is ready after 30 to 60 s, with the plugin's default polling (1 s, x1.2, 30 s cap).
 * Prints one {@code key=value} line: the live threads Jenkins added while they waited (peak), the plugin's own
 * among all of Jenkins' (peak, by name), the regular
 * executors they used, the simulator's requests per job, and how long after a job was ready its build ended, and
 * where that time went: ready until a GET first answered the job as ready (the simulator's record), until the step
 * returned to the script (which echoes the time), until the build ended. A line before it counts the requests by
 * kind: POSTs, list pages, GETs of single jobs, and anything else.
 */
public final class PipelineBench {
    private static final int BUILDS = Integer.getInteger("builds", 50);

    private PipelineBench() {
    }

    public static void main(String[] args) throws Exception {
        Simulator sim = Suite.simulator(Simulator.builder().threads(32)
                .connection(SimConnection.of(1, "alm").alias("Jira").queuedBetween(Duration.ofSeconds(30), Duration.ofSeconds(60))));
        JenkinsInstance jenkins = Suite.jenkins("bench", Suite.baseline(sim).replace("maxPollSeconds: 1", "maxPollSeconds: 30"));
        try {
            JenkinsHttp admin = jenkins.admin();
            Builds builds = new Builds(admin);
            for (int i = 0; i < BUILDS; i++) {
                builds.createPipeline("wait-" + i, "sdeJob kind: 'alm', connection: 1\n"
                        + "echo \"step returned at ${System.currentTimeMillis()}\"");
            }
            Builds.sleep(3000); // let Jenkins settle after creating the jobs
            int threadsBefore = threads(admin);
            int requestsBefore = sim.requestCount();
            int loggedBefore = sim.requestLog().size();

            List<Integer> numbers = new ArrayList<>();
            for (int i = 0; i < BUILDS; i++) {
                numbers.add(builds.start("wait-" + i));
            }
            int peakThreads = threadsBefore;
            int peakPluginThreads = 0;
            int busyExecutors = 0;
            Instant until = Instant.now().plus(Duration.ofMinutes(5));
            while (running(admin) > 0 && Instant.now().isBefore(until)) {
                peakThreads = Math.max(peakThreads, threads(admin));
                peakPluginThreads = Math.max(peakPluginThreads, pluginThreads(admin));
                busyExecutors = Math.max(busyExecutors, Integer.parseInt(admin.script(
                        "println(jenkins.model.Jenkins.get().computers.sum { it.countBusy() })").trim()));
                Builds.sleep(2000);
            }

            int requests = sim.requestCount() - requestsBefore; // before the reads below, which are the benchmark's own
            List<String> log = sim.requestLog();
            log = log.subList(loggedBefore, log.size());

            List<Long> overshoots = new ArrayList<>();
            List<Long> seen = new ArrayList<>();
            List<Long> returned = new ArrayList<>();
            List<Long> ended = new ArrayList<>();
            for (int i = 0; i < BUILDS; i++) {
                Builds.Build b = builds.await("wait-" + i, numbers.get(i), Duration.ofMinutes(1));
                var info = admin.json("job/wait-" + i + "/" + numbers.get(i) + "/api/json?tree=timestamp,duration");
                long endedMs = info.path("timestamp").asLong() + info.path("duration").asLong();
                long id = SimApi.jobIdIn(b.console());
                long readyMs = Instant.parse(SimApi.job(sim, "alm", id).path("last_run").asText()).toEpochMilli();
                long seenMs = sim.firstServedReady(id).toEpochMilli();
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("step returned at (\\d+)").matcher(b.console());
                long returnedMs = m.find() ? Long.parseLong(m.group(1)) : endedMs;
                overshoots.add(endedMs - readyMs);
                seen.add(seenMs - readyMs);
                returned.add(returnedMs - seenMs);
                ended.add(endedMs - returnedMs);
            }
            java.nio.file.Path logFile = java.nio.file.Path.of(System.getProperty("e2e.workDir"), "bench-requests.log");
            java.nio.file.Files.write(logFile, log);
            System.out.println("requests in " + logFile);
            System.out.printf("posts=%d lists=%d gets=%d other=%d%n", count(log, "POST "), count(log, "GET /api/v2/jobs/alm/?"),
                    log.stream().filter(r -> r.matches("GET /api/v2/jobs/alm/\\d+/?")).count(),
                    log.size() - count(log, "POST ") - count(log, "GET /api/v2/jobs/alm/"));
            System.out.printf("builds=%d threads_added=%d plugin_threads=%d executors_used=%d requests_per_job=%.2f overshoot_p50_ms=%d "
                            + "overshoot_p99_ms=%d seen_p50_ms=%d seen_p99_ms=%d returned_p50_ms=%d returned_p99_ms=%d "
                            + "ended_p50_ms=%d ended_p99_ms=%d%n", BUILDS, peakThreads - threadsBefore, peakPluginThreads, busyExecutors,
                    requests / (double) BUILDS, percentile(overshoots, 50),
                    percentile(overshoots, 99), percentile(seen, 50), percentile(seen, 99), percentile(returned, 50),
                    percentile(returned, 99), percentile(ended, 50), percentile(ended, 99));
        } finally {
            Suite.stopAll();
            sim.close();
        }
    }

    private static long count(List<String> log, String prefix) {
        return log.stream().filter(r -> r.startsWith(prefix)).count();
    }

    private static int threads(JenkinsHttp admin) {
        return Integer.parseInt(admin.script(
                "println(java.lang.management.ManagementFactory.threadMXBean.threadCount)").trim());
    }

    /** The plugin's own threads, all named sde-jobs-jenkins-* (loop, senders, HTTP completions, step pool). */
    private static int pluginThreads(JenkinsHttp admin) {
        return Integer.parseInt(admin.script("println(Thread.getAllStackTraces().keySet().count { it.alive && "
                + "it.name.startsWith('sde-jobs-jenkins') })").trim());
    }

    private static int running(JenkinsHttp admin) {
        return Integer.parseInt(admin.script("println(jenkins.model.Jenkins.get().getAllItems("
                + "org.jenkinsci.plugins.workflow.job.WorkflowJob).count { it.isBuilding() })").trim());
    }

    private static long percentile(List<Long> values, int p) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
