package io.jenkins.plugins.sdejobs.engine;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One wait for one job, as state: its deadline, its {@link PollSchedule}, what was last seen, and the future the
 * caller holds. It sends nothing and schedules nothing itself: its poll group looks at the job when it is
 * due and tells the watch what it saw; the watch answers by finishing, or by moving its next due time. All of that
 * happens on the runtime's loop thread. It knows no group: the group it joins hands it what to do when it ends. Transient poll failures are retried until the deadline; others end the wait.
 */
public final class JobWatch {
    private static final Logger LOG = Logger.getLogger(JobWatch.class.getName());
    /**
     * The poll that goes out at the deadline still gets this long to be answered, so a job that finished at the
     * last moment is seen rather than refused as "no time left"; a wait can end this much after its timeout.
     */
    private static final long LAST_POLL_GRACE_NANOS = Duration.ofSeconds(2).toNanos();

    private final Endpoints api;
    private final JobRef ref;
    private final WatchOptions options;
    private final PollSchedule schedule;
    private final long startNanos;
    private final long deadlineNanos;
    private final CompletableFuture<Job> result = new CompletableFuture<>();
    private final CompletableFuture<Job> view = new CompletableFuture<>();
    /** What the wait's group does when the wait ends: set when it joins, run by whichever thread ends the wait. */
    private volatile Runnable onEnd;

    // Touched on the loop only.
    private double intervalMs;
    private long nextDueNanos;
    private boolean looked;
    private Job.Status lastStatus;
    private long lastNewsNanos;
    private SdeException lastError;
    /** This wait's own GET in flight, if any: set on the loop, cancelled by whichever thread ends the wait. */
    private volatile Future<?> ownGet;

    JobWatch(Endpoints api, JobRef ref, WatchOptions options) {
        this.api = api;
        this.ref = ref;
        this.options = options;
        this.schedule = PollSchedule.of(options);
        this.startNanos = ticker().nanoTime();
        this.deadlineNanos = startNanos + options.timeout().toNanos();
        this.intervalMs = options.firstInterval().toMillis();
        this.nextDueNanos = startNanos;
        this.lastNewsNanos = startNanos;
        result.whenComplete((j, e) -> {
            ended();
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

    public Duration elapsed() { return Duration.ofNanos(ticker().nanoTime() - startNanos); }

    // ---- for the poll group, on the loop -------------------------------------------------------------

    /** The calls this wait's own looks go out with, and whose listener hears of their retries. */
    Endpoints api() { return api; }

    void onEnd(Runnable r) { this.onEnd = r; }

    boolean isDone() { return result.isDone(); }

    /** When the job should next be looked at: by its schedule, and never after the deadline. */
    long dueAt() { return Math.min(nextDueNanos, deadlineNanos); }

    long deadline() { return deadlineNanos; }

    /** False until the first look: a wait of unknown state is looked at once, even in a shared group. */
    boolean looked() { return looked; }

    double intervalMs() { return intervalMs; }

    double firstIntervalMs() { return options.firstInterval().toMillis(); }

    /** The deadline of one look: until the wait's own deadline, but at least the last poll's grace. */
    long pollDeadline() { return api.deadlineWithin(Math.max(deadlineNanos - ticker().nanoTime(), LAST_POLL_GRACE_NANOS)); }

    void ownGet(Future<?> f) { ownGet = f; }

    /** The job as a look saw it. */
    void seen(Job job, long now) {
        if (result.isDone()) {
            return;
        }
        lastError = null;
        if (job.status() != lastStatus) {
            lastStatus = job.status();
            lastNewsNanos = now;
            tell(() -> options.listener().onStatusChange(job, elapsed()));
        } else if (now - lastNewsNanos >= options.heartbeat().toNanos()) {
            lastNewsNanos = now;
            tell(() -> options.listener().onHeartbeat(job, elapsed()));
        }
        if (job.ready()) {
            result.complete(job);
            return;
        }
        stepOn(now);
    }

    /** A look failed: a transient error is a poll error and the wait goes on; any other ends it. */
    void failed(Throwable error, long now) {
        Throwable cause = Futures.unwrap(error);
        if (result.isDone() || Futures.isCancellation(cause)) {
            return;
        }
        if (!(cause instanceof SdeException e) || !e.isTransient()) {
            result.completeExceptionally(cause);
            return;
        }
        lastError = e;
        if (deadlineNanos - now > 0) { // no "will retry" when the deadline has come: the wait times out next
            tell(() -> options.listener().onPollError(e, elapsed()));
        }
        stepOn(now);
    }

    /** The runtime's threads are gone: end the wait with a plain message instead of leaving it hanging. */
    void stopped() {
        result.completeExceptionally(new SdeException.NetworkError("Stopped waiting for " + ref + ": the threads"
                + " that poll it have been stopped, as when the process shuts down. The job keeps running in"
                + " SD Elements.", false));
    }

    /**
     * After a look: time out at the deadline, else step the schedule on, but only once its due time has come, so
     * that frequent shared rounds do not stretch it.
     */
    private void stepOn(long now) {
        looked = true;
        if (deadlineNanos - now <= 0) {
            result.completeExceptionally(timeout());
            return;
        }
        if (now - nextDueNanos >= 0) {
            nextDueNanos = now + schedule.delayMs(intervalMs, api.parts().jitter()) * 1_000_000L;
            intervalMs = schedule.grown(intervalMs);
        }
    }

    private void ended() {
        Future<?> get = ownGet;
        if (get != null) {
            get.cancel(true);
        }
        Runnable r = onEnd;
        if (r != null) {
            r.run();
        }
    }

    private Ticker ticker() { return api.parts().ticker(); }

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
