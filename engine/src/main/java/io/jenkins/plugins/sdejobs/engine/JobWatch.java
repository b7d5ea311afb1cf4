package io.jenkins.plugins.sdejobs.engine;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Waits for one job without a thread of its own: each poll is scheduled on the engine's shared scheduler and
 * sent with {@code sendAsync}. The first poll goes out at once (or one interval after a known state); then the
 * interval grows from {@code firstInterval} by {@code growth} up to {@code maxInterval}, each wait jittered
 * down by up to 20%. Transient poll failures are retried
 * until the deadline; others end the wait.
 */
public final class JobWatch {
    private static final Logger LOG = Logger.getLogger(JobWatch.class.getName());
    /**
     * The poll that goes out at the deadline still gets this long to be answered, so a job that finished at the
     * last moment is seen rather than refused as "no time left"; a wait can end this much after its timeout.
     */
    private static final Duration LAST_POLL_GRACE = Duration.ofSeconds(2);

    private final SdeClient client;
    private final JobRef ref;
    private final WatchOptions options;
    private final long startNanos;
    private final long deadlineNanos;
    private final CompletableFuture<Job> result = new CompletableFuture<>();
    private final CompletableFuture<Job> view = new CompletableFuture<>();
    private volatile Future<?> pending;
    private double intervalMs;
    private Job.Status lastStatus;
    private long lastNewsNanos;
    private SdeException lastError;

    JobWatch(SdeClient client, JobRef ref, WatchOptions options) {
        this.client = client;
        this.ref = ref;
        this.startNanos = client.nanoTime();
        this.lastNewsNanos = startNanos;
        this.options = options;
        this.deadlineNanos = startNanos + options.timeout().toNanos();
        this.intervalMs = options.firstInterval().toMillis();
        result.whenComplete((j, e) -> {
            Future<?> p = pending;
            if (p != null) {
                p.cancel(true);
            }
            if (result.isCancelled()) {
                view.cancel(false);
            } else if (e != null) {
                view.completeExceptionally(Futures.unwrap(e));
            } else {
                view.complete(j);
            }
        });
        view.whenComplete((j, e) -> {
            if (view.isCancelled()) {
                cancel();
            }
        });
    }

    /** Polls at once: the job's state is unknown. */
    JobWatch start() {
        poll();
        return this;
    }

    /**
     * Starts from a state just read (such as the answer to the POST that created the job), so the first poll
     * waits one interval instead of asking again at once.
     */
    JobWatch startFrom(Job known) {
        polled(known, null);
        return this;
    }

    /**
     * Completes with the finished job (ready, succeeded or not), or fails with an {@link SdeException}; cancelled
     * when the wait is. A view: completing it changes nothing here; cancelling it cancels the wait.
     */
    public CompletableFuture<Job> result() { return view; }

    /** Waits in the calling thread for the finished job; interrupting the thread cancels the wait at once. */
    public Job await() throws InterruptedException {
        try {
            return Futures.await(result);
        } catch (InterruptedException e) {
            cancel();
            throw e;
        }
    }

    /** The job this waits for. */
    public JobRef ref() { return ref; }

    /** Stops polling at once. The job itself keeps running on the server: the API has no cancel. */
    public void cancel() { result.cancel(false); }

    public Duration elapsed() { return Duration.ofNanos(client.nanoTime() - startNanos); }

    private void poll() {
        if (result.isDone()) {
            return;
        }
        Duration left = remaining();
        CompletableFuture<Job> f = client.getJobAsync(ref, client.deadlineFrom(left.compareTo(LAST_POLL_GRACE) < 0 ? LAST_POLL_GRACE : left));
        pending = f;
        if (result.isDone()) { // cancel() ran between the check above and the assignment: stop this GET too
            f.cancel(true);
            return;
        }
        f.whenComplete(this::polled);
    }

    private synchronized void polled(Job job, Throwable error) {
        if (result.isDone()) {
            return;
        }
        if (error != null) {
            Throwable cause = Futures.unwrap(error);
            if (!(cause instanceof SdeException e) || !e.isTransient()) {
                result.completeExceptionally(cause);
                return;
            }
            lastError = e;
            if (remaining().toMillis() > 0) { // no "will retry" when the deadline has come: the wait times out next
                tell(() -> options.listener().onPollError(e, elapsed()));
            }
        } else {
            lastError = null;
            if (job.status() != lastStatus) {
                lastStatus = job.status();
                lastNewsNanos = client.nanoTime();
                tell(() -> options.listener().onStatusChange(job, elapsed()));
            } else if (client.nanoTime() - lastNewsNanos >= options.heartbeat().toNanos()) {
                lastNewsNanos = client.nanoTime();
                tell(() -> options.listener().onHeartbeat(job, elapsed()));
            }
            if (job.ready()) {
                result.complete(job);
                return;
            }
        }
        scheduleNext();
    }

    private void scheduleNext() {
        long left = remaining().toMillis();
        if (left <= 0) {
            result.completeExceptionally(timeout());
            return;
        }
        // Each wait is drawn from 80-100% of the interval: waits started together drift apart instead of
        // polling in lockstep, and no poll comes later than the nominal schedule.
        long delay = Math.min((long) (intervalMs * (0.8 + 0.2 * client.jitter())), left);
        intervalMs = Math.min(intervalMs * options.growth(), options.maxInterval().toMillis());
        pending = client.scheduler().schedule(this::poll, delay, TimeUnit.MILLISECONDS);
    }

    private Duration remaining() { return Duration.ofNanos(deadlineNanos - client.nanoTime()); }

    private SdeException timeout() {
        String state = lastStatus == null ? "its status was never read" : "it was still " + lastStatus.label();
        return new SdeException.WaitTimeout("Timed out after " + Durations.format(options.timeout()) + " waiting for "
                + ref + "; " + state + ". The job keeps running in SD Elements: wait for job " + ref.id()
                + " again, or raise the timeout." + (lastError == null ? "" : " Last error: " + lastError.getMessage()),
                ref.id());
    }

    private static void tell(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "A wait listener failed; ignored", e);
        }
    }
}
