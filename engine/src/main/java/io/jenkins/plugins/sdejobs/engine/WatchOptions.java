package io.jenkins.plugins.sdejobs.engine;

import java.time.Duration;
import java.util.Objects;

/**
 * How to wait for a job: the first poll interval, its growth up to a cap, the overall timeout and the
 * heartbeat interval. Defaults: 1 s growing ×1.2 up to 30 s, a 2 h timeout, heartbeat every 5 min. The timeout
 * counts queued time too, and 2 h is the longest the server lets a job run (an LDAP sync; others stop at 59 min).
 */
public record WatchOptions(Duration firstInterval, double growth, Duration maxInterval, Duration timeout,
                           Duration heartbeat, WatchListener listener) {
    public static final WatchOptions DEFAULT = new WatchOptions(Duration.ofSeconds(1), 1.2, Duration.ofSeconds(30),
            Duration.ofHours(2), Duration.ofMinutes(5), WatchListener.NONE);

    public WatchOptions {
        positive(firstInterval, "first poll interval");
        positive(maxInterval, "maximum poll interval");
        positive(timeout, "timeout");
        positive(heartbeat, "heartbeat interval");
        if (maxInterval.compareTo(firstInterval) < 0) {
            throw new IllegalArgumentException("The maximum poll interval (" + maxInterval.toMillis()
                    + " ms) is shorter than the first (" + firstInterval.toMillis() + " ms)");
        }
        if (!(growth >= 1.0 && growth <= 10.0)) {
            throw new IllegalArgumentException("The poll interval growth must be between 1 and 10, not " + growth);
        }
        Objects.requireNonNull(listener, "listener");
    }

    private static void positive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("The " + what + " must be positive, not " + d);
        }
    }

    /**
     * The first poll interval and the cap it grows to, set together so that neither silently moves the other:
     * a cap below the first interval is refused.
     */
    public WatchOptions withPollIntervals(Duration first, Duration max) {
        return new WatchOptions(first, growth, max, timeout, heartbeat, listener);
    }

    public WatchOptions withGrowth(double g) {
        return new WatchOptions(firstInterval, g, maxInterval, timeout, heartbeat, listener);
    }

    public WatchOptions withTimeout(Duration d) {
        return new WatchOptions(firstInterval, growth, maxInterval, d, heartbeat, listener);
    }

    public WatchOptions withHeartbeat(Duration d) {
        return new WatchOptions(firstInterval, growth, maxInterval, timeout, d, listener);
    }

    public WatchOptions withListener(WatchListener l) {
        return new WatchOptions(firstInterval, growth, maxInterval, timeout, heartbeat, l);
    }
}
