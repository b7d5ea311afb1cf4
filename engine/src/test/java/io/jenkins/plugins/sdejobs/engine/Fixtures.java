package io.jenkins.plugins.sdejobs.engine;

import io.jenkins.plugins.sdejobs.simulator.SimConnection;
import io.jenkins.plugins.sdejobs.simulator.Simulator;
import java.time.Duration;

/** Shared set-up: the standard simulator with a succeeding LDAP connection, and a client with fast retries. */
final class Fixtures {
    static final long ALM = 1;
    static final long ANALYSIS = 2;
    /** Not the standard 3, whose jobs fail: one whose jobs succeed. */
    static final long LDAP = 33;
    static final RetryPolicy FAST_RETRY = new RetryPolicy(4, Duration.ofMillis(20), Duration.ofMillis(100));
    static final WatchOptions FAST_WATCH = WatchOptions.DEFAULT.withPollIntervals(Duration.ofMillis(20),
            Duration.ofMillis(100)).withTimeout(Duration.ofSeconds(10));

    private Fixtures() {
    }

    static Simulator.Builder simulator(SimConnection... extra) {
        return simulator(Duration.ofMillis(150), extra);
    }

    /** The standard connections, an LDAP one whose jobs succeed, all queued for {@code queued}, and {@code extra}. */
    static Simulator.Builder simulator(Duration queued, SimConnection... extra) {
        Simulator.Builder b = Simulator.standard(queued)
                .connection(SimConnection.of(LDAP, "ldap").alias("Corp LDAP").queuedFor(queued));
        for (SimConnection c : extra) {
            b.connection(c);
        }
        return b;
    }

    static long connectionFor(JobKind kind) {
        return switch (kind) {
            case ALM -> ALM;
            case ANALYSIS -> ANALYSIS;
            case LDAP -> LDAP;
        };
    }

    static SdeClient.Builder clientFor(Simulator sim) {
        return SdeClient.builder(sim.url(), ApiToken.of(sim.token()))
                .retryPolicy(FAST_RETRY)
                .requestTimeout(Duration.ofSeconds(5))
                .callTimeout(Duration.ofSeconds(10));
    }

    static SdeClient client(Simulator sim) {
        return clientFor(sim).build();
    }
}
