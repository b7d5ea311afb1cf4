package io.jenkins.plugins.sdejobs.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.sdejobs.simulator.SimConnection;
import io.jenkins.plugins.sdejobs.simulator.Simulator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Drives every path, successful and failing, with all engine logging on, and scans everything a user could
 * see (exception messages and traces, log lines, toString, JSON output) for the token and the params secrets.
 */
class LeakTest {
    private static final long FAULTY = 77;
    private static final long LEAKY = 88;
    private final Logger engineLog = Logger.getLogger("io.jenkins.plugins.sdejobs");
    private final StringBuilder seen = new StringBuilder();
    private final Handler capture = new Handler() {
        private final SimpleFormatter format = new SimpleFormatter();

        @Override
        public void publish(LogRecord r) {
            synchronized (seen) {
                seen.append(format.format(r)).append('\n');
            }
        }

        @Override
        public void flush() { }

        @Override
        public void close() { }
    };
    private Simulator sim;
    private SimConnection faulty;

    @BeforeEach
    void start() {
        engineLog.setLevel(Level.ALL);
        capture.setLevel(Level.ALL);
        engineLog.addHandler(capture);
        faulty = SimConnection.of(FAULTY, "alm").queuedFor(Duration.ofMinutes(1));
        // A failure message that quotes the connection's own password, as some connectors do.
        SimConnection leaky = SimConnection.of(LEAKY, "ldap").queuedFor(Duration.ZERO);
        leaky.fails("Bind failed for CN=Bind User with password bind-password-" + LEAKY + "-Lp0$");
        sim = Fixtures.simulator(Duration.ofMillis(100), faulty, leaky).readOnlyToken("read-only-token-leak").start();
    }

    @AfterEach
    void stop() {
        engineLog.removeHandler(capture);
        engineLog.setLevel(null);
        sim.close();
    }

    @Test
    void noSecretReachesAnyMessageLogLineOrString() throws Exception {
        SdeClient client = Fixtures.client(sim);
        SdeClient impatient = Fixtures.clientFor(sim).requestTimeout(Duration.ofMillis(200)).build();
        SdeClient readOnly = SdeClient.builder(sim.url(), ApiToken.of("read-only-token-leak")).build();
        seen.append(client).append(ApiToken.of(sim.token()));

        for (JobKind kind : JobKind.values()) {
            long c = Fixtures.connectionFor(kind);
            Job started = record(() -> client.initiate(kind, c, Trigger.MANUAL));
            record(() -> client.getJob(JobRef.of(kind, started.id())));
            record(() -> client.await(JobRef.of(kind, started.id()), Fixtures.FAST_WATCH.withListener(new WatchListener() {
                @Override
                public void onStatusChange(Job job, Duration elapsed) { seen.append(job).append('\n'); }
            })));
            record(() -> client.recordResult(kind, c, Outcome.succeeded("done"), Trigger.MANUAL));
            record(() -> client.listJobs(kind, JobFilter.ALL));
            record(() -> client.connections(kind));
            record(() -> readOnly.initiate(kind, c, Trigger.MANUAL));
            record(() -> readOnly.listJobs(kind, JobFilter.ALL));
        }
        Job leakyJob = record(() -> client.initiate(JobKind.LDAP, LEAKY, Trigger.MANUAL));
        Job leakyDone = record(() -> client.await(JobRef.of(JobKind.LDAP, leakyJob.id()), Fixtures.FAST_WATCH));
        assertThat(leakyDone.resultMessage()).contains("with password " + Redaction.REDACTED);

        Job f = record(() -> client.initiate(JobKind.ALM, FAULTY, Trigger.MANUAL));
        faulty.faults().clear().get503(10);
        record(() -> client.getJob(JobRef.of(JobKind.ALM, f.id())));
        faulty.faults().clear().get429(10, Duration.ZERO);
        record(() -> client.getJob(JobRef.of(JobKind.ALM, f.id())));
        faulty.faults().clear().getHtml(1);
        record(() -> client.getJob(JobRef.of(JobKind.ALM, f.id())));
        faulty.faults().clear().getMalformed(1);
        record(() -> client.getJob(JobRef.of(JobKind.ALM, f.id())));
        faulty.faults().clear().getStall(1, Duration.ofSeconds(1));
        record(() -> impatient.getJob(JobRef.of(JobKind.ALM, f.id())));
        faulty.faults().clear().post500(1);
        record(() -> client.initiate(JobKind.ALM, FAULTY, Trigger.MANUAL));
        faulty.faults().clear().postDrop(1);
        record(() -> client.initiate(JobKind.ALM, FAULTY, Trigger.MANUAL));
        faulty.faults().clear().post503(1);
        record(() -> client.initiate(JobKind.ALM, FAULTY, Trigger.MANUAL));
        faulty.faults().clear();
        record(() -> client.initiate(JobKind.ALM, 999, Trigger.MANUAL));
        record(() -> client.getJob(JobRef.of(JobKind.ALM, 999_999)));
        record(() -> client.await(JobRef.of(JobKind.ALM, f.id()), Fixtures.FAST_WATCH.withTimeout(Duration.ofMillis(50))));
        record(() -> SdeClient.builder(sim.url() + "/login", ApiToken.of(sim.token())).build().me());

        String all = seen.toString();
        assertThat(all).contains("HTTP 503", "HTTP 429", "HTML page", "malformed JSON", "may or may not have created",
                "Invalid pk", "does not exist", "Timed out", "issue_tracker_pass", Redaction.REDACTED, "answered HTTP 201");
        for (String secret : sim.secrets()) {
            assertThat(all).as("output must not contain a secret").doesNotContain(secret);
        }
    }

    /** Runs a call, keeping its result's text, or its exception's message and full trace. */
    private <T> T record(Callable<T> call) {
        try {
            T result = call.call();
            seen.append(result).append('\n');
            if (result instanceof Job j) {
                seen.append(JsonModel.toJson(j)).append('\n');
            }
            if (result instanceof List<?> list) {
                list.stream().filter(Job.class::isInstance).forEach(j -> seen.append(JsonModel.toJson((Job) j)));
            }
            return result;
        } catch (Exception e) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            seen.append(e).append('\n').append(trace).append('\n');
            return null;
        }
    }
}
