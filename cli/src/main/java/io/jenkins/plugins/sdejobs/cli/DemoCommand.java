package io.jenkins.plugins.sdejobs.cli;

import io.jenkins.plugins.sdejobs.engine.Trigger;
import io.jenkins.plugins.sdejobs.engine.ApiToken;
import io.jenkins.plugins.sdejobs.engine.Connection;
import io.jenkins.plugins.sdejobs.engine.Durations;
import io.jenkins.plugins.sdejobs.engine.Job;
import io.jenkins.plugins.sdejobs.engine.JobKind;
import io.jenkins.plugins.sdejobs.engine.JobWatch;
import io.jenkins.plugins.sdejobs.engine.SdeClient;
import io.jenkins.plugins.sdejobs.engine.WatchListener;
import io.jenkins.plugins.sdejobs.engine.WatchOptions;
import io.jenkins.plugins.sdejobs.simulator.Simulator;
import io.jenkins.plugins.sdejobs.simulator.SimulatorConfig;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * The main job: an embedded simulator with one connection of each kind (the LDAP one fails), then one job of
 * each kind through the real HTTP path, waited for together. Exits 0 when every outcome is the expected one.
 */
@Command(name = "demo", description = "Run one job of each kind against an embedded simulator and report the outcomes.")
final class DemoCommand implements Callable<Integer> {
    /** What the default simulator set-up must produce: kind → (connection, named as people know it; should succeed). */
    private static final Map<JobKind, String> CONNECTIONS = Map.of(JobKind.ALM, "Jira Cloud", JobKind.ANALYSIS,
            "Checkmarx SAST", JobKind.LDAP, "Corporate LDAP");
    private static final Map<JobKind, Boolean> EXPECTED = Map.of(JobKind.ALM, true, JobKind.ANALYSIS, true, JobKind.LDAP, false);

    private final Context ctx;

    DemoCommand(Context ctx) { this.ctx = ctx; }

    @Override
    public Integer call() throws InterruptedException {
        PrintStream err = ctx.err();
        try (Simulator sim = SimulatorConfig.defaults().start()) {
            err.println("== SD Elements simulator at " + sim.url() + " (a stand-in for https://your-sde-server)");
            SdeClient client = SdeClient.builder(sim.url(), ApiToken.of(sim.token())).build();

            err.println("== Checking the API token (GET users/me/)");
            err.println("   token belongs to " + client.me().display());

            err.println("== Connections (GET connections/{kind}/)");
            for (JobKind kind : JobKind.values()) {
                for (Connection c : client.connections(kind)) {
                    err.printf("   %-8s #%d %s (%s)%n", kind, c.id(), c.alias(), c.system());
                }
            }

            err.println("== Starting one job of each kind by its connection's name (POST jobs/{kind}/), waiting for all three");
            long start = System.nanoTime();
            List<JobWatch> watches = new ArrayList<>();
            for (JobKind kind : JobKind.values()) {
                Job job = client.initiate(kind, client.connectionId(kind, CONNECTIONS.get(kind)), Trigger.MANUAL);
                err.println("   started " + job.describe());
                watches.add(client.watch(job, WatchOptions.DEFAULT.withTimeout(Duration.ofMinutes(1))
                        .withListener(progress(err, start))));
            }

            err.println("== Outcomes");
            boolean asExpected = true;
            for (JobWatch w : watches) {
                Job done = w.await();
                boolean expected = EXPECTED.get(done.kind()) == done.succeeded();
                asExpected &= expected;
                ctx.out().println(Output.summary(done) + (expected ? "" : "   <-- NOT what the scenario expects"));
            }
            err.println("== Took " + Durations.format(Duration.ofNanos(System.nanoTime() - start)) + ". Against a real server:");
            err.println("   SDE_URL=https://sde.example.com SDE_TOKEN=... bin/sde-jobs run --kind alm --connection 'Jira Cloud'");
            if (!asExpected) {
                err.println("Demo FAILED: an outcome differs from the scenario (ALM and analysis succeed, LDAP fails).");
                return Exit.JOB_FAILED;
            }
            ctx.out().println("Demo passed: ALM and analysis jobs succeeded; the LDAP job failed with its message, as scripted.");
            return Exit.OK;
        }
    }

    private static WatchListener progress(PrintStream err, long start) {
        return new WatchListener() {
            @Override
            public void onStatusChange(Job job, Duration elapsed) {
                err.printf("   [%6s] %s: %s%n", Durations.format(Duration.ofNanos(System.nanoTime() - start)),
                        job.describe(), job.status().label());
            }
        };
    }
}
