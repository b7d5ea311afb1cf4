package io.jenkins.plugins.sdejobs.engine;

import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;

/**
 * The runtime's one scheduling thread. Every poll group's state is touched only from tasks run here, so it needs
 * no lock. Tasks are short and never block: requests go out on the runtime's senders. Once closed, both methods
 * throw {@link RejectedExecutionException}.
 */
interface Loop extends Executor {
    /** Runs {@code task} {@code delayNanos} from now, on the runtime's clock; cancel the future to drop it. */
    Future<?> schedule(Runnable task, long delayNanos);

    /** Runs {@code last} on the loop, then stops it; tasks not yet run are dropped. */
    void close(Runnable last);
}
