package io.jenkins.plugins.sdejobs.engine;

import java.time.Duration;

/**
 * What a client does on its own between a call and its answer, so that a person is never left guessing: a
 * retry (as OkHttp's {@code EventListener} reports them), or a job adopted after a POST whose answer was lost.
 * Called on the engine's threads: keep it short. A listener that throws is ignored.
 */
public interface CallListener {
    CallListener NONE = new CallListener() { };

    /** {@code call} ("GET /api/v2/jobs/alm/42/") failed with {@code error}; attempt {@code attempt} follows after {@code delay}. */
    default void onRetry(String call, SdeException error, int attempt, Duration delay) { }

    /**
     * {@code call}, a POST, failed with {@code error} (null when its answer was lost to a restart), but SD Elements
     * had created {@code job}: it is followed.
     */
    default void onAdopted(String call, SdeException error, Job job) { }
}
