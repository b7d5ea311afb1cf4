package io.jenkins.plugins.sdejobs.engine;

import java.time.Duration;

/**
 * Progress of a wait, for logs and status lines. Called from the engine's threads: keep it short and
 * non-blocking. A listener that throws is ignored.
 */
public interface WatchListener {
    WatchListener NONE = new WatchListener() { };

    /** The job's status was first seen, or changed. */
    default void onStatusChange(Job job, Duration elapsed) { }

    /** Nothing changed for a heartbeat interval; the job is still in this status. */
    default void onHeartbeat(Job job, Duration elapsed) { }

    /** A poll failed with an error worth retrying; polling goes on until the deadline. */
    default void onPollError(SdeException error, Duration elapsed) { }
}
