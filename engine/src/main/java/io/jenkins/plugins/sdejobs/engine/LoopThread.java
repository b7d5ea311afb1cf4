package io.jenkins.plugins.sdejobs.engine;

import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** The real {@link Loop}: one daemon thread on the system clock. A cancelled task frees its memory at once. */
final class LoopThread implements Loop {
    private final ScheduledThreadPoolExecutor executor;

    LoopThread(String name) {
        executor = new ScheduledThreadPoolExecutor(1, Daemons.named(name));
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    @Override
    public void execute(Runnable task) { executor.execute(task); }

    @Override
    public Future<?> schedule(Runnable task, long delayNanos) {
        return executor.schedule(task, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
    }

    @Override
    public void close(Runnable last) {
        try {
            executor.execute(last);
        } catch (java.util.concurrent.RejectedExecutionException alreadyClosed) {
            return;
        }
        executor.shutdown(); // runs last, drops the timers
    }
}
