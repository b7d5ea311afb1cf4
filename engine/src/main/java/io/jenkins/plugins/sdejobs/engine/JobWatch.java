package io.jenkins.plugins.sdejobs.engine;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Waits for one job without a thread of its own: each poll is scheduled on the client's scheduler and sent on
 * its senders. The first poll goes out at once (or one interval after a known state); then the interval grows
 * from {@code firstInterval} by {@code growth} up to {@code maxInterval}, each wait jittered down by up to 20%.
 * While other waits on the same server, token and kind are active, a {@link SharedPoll} looks at the job instead,
 * at least as often. Transient poll failures are retried until the deadline; others end the wait.
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
    /** Read by the shared poll without this watch's lock. */
    private volatile double intervalMs;
    private long nextDueNanos;
    /** Set once the wait starts; read when it ends, on whichever thread ends it. */
    private volatile SharedPoll shared;
    private boolean ownPollScheduled;
    private volatile boolean ownGetInFlight;
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
            if (shared != null) {
                shared.leave(this);
            }
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
        joinSharedPoll();
        poll();
        return this;
    }

    private synchronized void joinSharedPoll() {
        if (client.sharesPolls()) {
            shared = SharedPoll.join(client, ref.kind(), this);
        }
    }

    /**
     * Starts from a state just read (such as the answer to the POST that created the job), so the first poll
     * waits one interval instead of asking again at once.
     */
    JobWatch startFrom(Job known) {
        joinSharedPoll();
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

    SdeClient client() { return client; }

    double intervalMs() { return intervalMs; }

    double firstIntervalMs() { return options.firstInterval().toMillis(); }

    /** The shared poll's list has this job, still pending. */
    void fed(Job job) { polled(job, null); }

    /** The shared poll's list failed transiently: for this wait, a poll error like any other. */
    void fedError(SdeException e) { polled(null, e); }

    /** The shared poll could not tell: this wait gets its own job (unless it is already doing so). */
    void pollOwnJob() {
        if (!ownGetInFlight) {
            poll();
        }
    }

    /** The other waits have ended: from now on this one polls by itself, on its own schedule. */
    synchronized void pollAlone() {
        if (!result.isDone() && !ownGetInFlight) {
            planNext();
        }
    }

    private void poll() {
        synchronized (this) {
            ownPollScheduled = false;
        }
        if (result.isDone()) {
            return;
        }
        ownGetInFlight = true;
        CompletableFuture<Job> f = client.getJobAsync(ref, client.deadlineFrom(pollBudget()));
        pending = f;
        if (result.isDone()) { // cancel() ran between the check above and the assignment: stop this GET too
            f.cancel(true);
            return;
        }
        f.whenComplete((job, error) -> {
            ownGetInFlight = false;
            polled(job, error);
        });
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
        planNext();
    }

    /**
     * Plans the next look at the job: on this wait's own schedule when alone, or by asking the shared poll for a
     * round no later than that. The schedule steps on only when its due time has come, so frequent shared
     * rounds do not stretch it.
     */
    private void planNext() {
        long now = client.nanoTime();
        long left = deadlineNanos - now;
        if (left <= 0) {
            result.completeExceptionally(timeout());
            return;
        }
        if (now >= nextDueNanos) {
            // Each wait is drawn from 80-100% of the interval: waits started together drift apart instead of
            // polling in lockstep, and no poll comes later than the nominal schedule.
            long delayMs = (long) (intervalMs * (0.8 + 0.2 * client.jitter()));
            intervalMs = Math.min(intervalMs * options.growth(), options.maxInterval().toMillis());
            nextDueNanos = now + TimeUnit.MILLISECONDS.toNanos(delayMs);
        }
        try {
            if (shared != null && shared.isShared()) {
                shared.wake(this, left);
            } else if (!ownPollScheduled) {
                ownPollScheduled = true;
                long wait = Math.min(nextDueNanos - now, left);
                pending = client.scheduler().schedule(this::poll, TimeUnit.NANOSECONDS.toMillis(wait), TimeUnit.MILLISECONDS);
            }
        } catch (RejectedExecutionException e) { // the host has stopped the scheduler: end the wait, not hang it
            result.completeExceptionally(new SdeException.NetworkError("Stopped waiting for " + ref + ": the threads"
                    + " that poll it have been stopped, as when the process shuts down. The job keeps running in"
                    + " SD Elements.", false));
        }
    }

    /** How long a poll may take: until the deadline, but at least the last poll's grace. */
    Duration pollBudget() {
        Duration left = remaining();
        return left.compareTo(LAST_POLL_GRACE) < 0 ? LAST_POLL_GRACE : left;
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
