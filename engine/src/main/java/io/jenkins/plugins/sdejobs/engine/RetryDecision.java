package io.jenkins.plugins.sdejobs.engine;

import java.time.Duration;

/** What a failed attempt of a call leads to: another attempt after a delay, or the end of the call. */
public sealed interface RetryDecision {
    /** The next attempt goes out after {@code delay}: the server's {@code Retry-After}, or the backoff. */
    record Retry(Duration delay) implements RetryDecision {
    }

    /** The call ends with the attempt's error. */
    record GiveUp(Why why) implements RetryDecision {
    }

    enum Why {
        /** The error is not worth repeating, or a repeated POST could start a second job. */
        NOT_RETRYABLE("not worth repeating"),
        /** Every attempt the retry policy allows was made. */
        ATTEMPTS_USED("no attempts left"),
        /** The delay before the next attempt would pass the call's deadline. */
        PAST_DEADLINE("no time left before the deadline");

        private final String label;

        Why(String label) { this.label = label; }

        public String label() { return label; }
    }
}
