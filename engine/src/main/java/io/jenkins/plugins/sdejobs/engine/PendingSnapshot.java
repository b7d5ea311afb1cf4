package io.jenkins.plugins.sdejobs.engine;

/**
 * What was known of a connection's pending jobs just before a POST that starts one: the highest pending id (0
 * when none was pending), or nothing, when they could not be read. SD Elements numbers jobs in order, so after a
 * POST whose answer was lost, the job it created is the token's user's one pending job above that id; with no
 * snapshot, no job can be told apart as its own.
 */
public sealed interface PendingSnapshot {
    /** The highest pending id was {@code newestId}. */
    record Known(long newestId) implements PendingSnapshot {
        public Known {
            if (newestId < 0) {
                throw new IllegalArgumentException("A job id is not negative: " + newestId);
            }
        }
    }

    /** The pending jobs could not be read. */
    record Unknown() implements PendingSnapshot {
    }

    static PendingSnapshot known(long newestId) { return new Known(newestId); }

    static PendingSnapshot unknown() { return new Unknown(); }
}
