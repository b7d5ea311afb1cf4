package io.jenkins.plugins.sdejobs.engine;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that only a scheduler moves: each task scheduled with a delay runs at once, and the clock jumps by
 * that delay. Tests then see exact poll times without sleeping, and can read every delay asked for.
 */
final class VirtualTime extends ScheduledThreadPoolExecutor {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final List<Long> delaysMs = new CopyOnWriteArrayList<>();

    VirtualTime() {
        super(1);
    }

    long nanoTime() { return nanos.get(); }

    /** Every delay asked for, in milliseconds, in order. */
    List<Long> delaysMs() { return List.copyOf(delaysMs); }

    @Override
    public ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
        delaysMs.add(unit.toMillis(delay));
        nanos.addAndGet(unit.toNanos(delay));
        return super.schedule(task, 0, unit);
    }
}
