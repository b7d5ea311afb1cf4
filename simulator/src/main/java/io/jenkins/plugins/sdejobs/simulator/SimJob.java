package io.jenkins.plugins.sdejobs.simulator;

import java.time.Instant;

/** A job the simulated server holds. Its state follows from the clock, so no timer runs per job. */
final class SimJob {
    final long id;
    final SimConnection connection;
    final boolean automatic;
    /** Whose token started it: {@code user} on legacy servers, {@code triggered_by} on current ones. */
    final String startedBy;
    final Instant createdAt;
    final Instant readyAt;
    final boolean succeeds;
    final String resultMessage;
    /** When a GET of this job first answered it as ready: when a client could first have seen it finish. */
    volatile Instant firstServedReady;

    SimJob(long id, SimConnection connection, boolean automatic, String startedBy, Instant createdAt, Instant readyAt,
           boolean succeeds, String resultMessage) {
        this.id = id;
        this.connection = connection;
        this.automatic = automatic;
        this.startedBy = startedBy;
        this.createdAt = createdAt;
        this.readyAt = readyAt;
        this.succeeds = succeeds;
        this.resultMessage = resultMessage;
    }

    boolean ready(Instant now) { return !now.isBefore(readyAt); }

    boolean succeeded(Instant now) { return ready(now) && succeeds; }
}
