package io.jenkins.plugins.sdejobs.engine;

/**
 * What a client does on its own between a call and its answer, so that a person is never left guessing: each
 * retry and each call that gives up after retrying (as OkHttp's {@code EventListener} reports them), and a job
 * adopted after a POST whose answer was lost. Called on the engine's threads: keep it short. A listener that
 * throws is ignored.
 */
public interface CallListener {
    CallListener NONE = new CallListener() { };

    /**
     * Attempt {@code attempt} of {@code call} ("GET /api/v2/jobs/alm/42/") failed with {@code error}, and this is
     * what follows. Told of every {@link RetryDecision.Retry}, and of a {@link RetryDecision.GiveUp} once attempts
     * were repeated or time ran out for a transient error; a call that simply fails is its caller's news.
     */
    default void onRetryDecision(String call, SdeException error, int attempt, RetryDecision decision) { }

    /**
     * {@code call}, a POST, failed with {@code error} (null when its answer was lost to a restart), but SD Elements
     * had created {@code job}: it is followed.
     */
    default void onAdopted(String call, SdeException error, Job job) { }
}
