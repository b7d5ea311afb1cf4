package io.jenkins.plugins.sdejobs.engine;

import java.time.Duration;

/**
 * When one wait looks at its job: {@code first}, growing by {@code growth} per look up to {@code cap}, each delay
 * drawn from {@code 1 - jitter} to all of the interval, so that waits started together drift apart instead of
 * polling in lockstep, and no look comes later than the nominal schedule.
 */
record PollSchedule(Duration first, double growth, Duration cap, double jitter) {
    static PollSchedule of(WatchOptions o) { return new PollSchedule(o.firstInterval(), o.growth(), o.maxInterval(), 0.2); }

    /** The delay before the next look, for the current {@code intervalMs} and a draw in [0, 1). */
    long delayMs(double intervalMs, double draw) { return (long) (intervalMs * (1 - jitter + jitter * draw)); }

    /** The interval after {@code intervalMs}. */
    double grown(double intervalMs) { return Math.min(intervalMs * growth, cap.toMillis()); }
}
