package io.jenkins.plugins.sdejobs.engine;

import java.time.Duration;

/**
 * How often and how far apart a failed request is tried again: capped exponential backoff with jitter.
 * A server's {@code Retry-After} overrides the backoff. The caller's deadline bounds everything.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofMillis(500), Duration.ofSeconds(15));
    /** One attempt, no retry. */
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO);

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("backoff must satisfy 0 <= initial <= max");
        }
    }

    /**
     * The wait before attempt {@code failedAttempts + 1}: between half and all of the capped exponential step, as
     * {@code draw} (in [0, 1)) picks.
     */
    Duration backoff(int failedAttempts, double draw) {
        long step = initialBackoff.toMillis() << Math.min(20, Math.max(0, failedAttempts - 1));
        long capped = Math.min(step, maxBackoff.toMillis());
        return Duration.ofMillis(capped / 2 + (long) (draw * (capped / 2 + 1)));
    }
}
