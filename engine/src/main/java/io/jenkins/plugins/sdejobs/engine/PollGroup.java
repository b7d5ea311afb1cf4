package io.jenkins.plugins.sdejobs.engine;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The waits of one runtime on one server, token and kind, and when their jobs are looked at. Everything here runs
 * on the runtime's loop thread, so nothing is locked.
 *
 * <p>Alone, a wait is polled by itself: one GET each time its {@link PollSchedule} comes due. Two or more share
 * rounds: each round lists the kind's pending jobs ({@code ready=false}, every page, keeping only the ids waited
 * for) and feeds each wait its job; a wait whose job has left the list gets one GET for its final record. A list
 * costs one request however many waits it serves, so rounds come at the youngest wait's own interval but at most
 * {@value #STEADY} first intervals apart, and never more often than the waits would poll alone, all together: a
 * large group looks at every job about as often as a new wait would be looked at, and a small one never sends more
 * than its waits would. No wait is looked at later than it would be alone. For {@value #FINISHING_WINDOW} first
 * intervals after a job of the group finished, the waits left keep that pace however few they are (a wait left
 * alone too), since jobs queued together tend to end together. Never after a wait's deadline. A wait whose state is unknown is looked at once.
 *
 * <p>The same list is every connection's snapshot for a start ({@link #snapshot}): while the group has a wait, a
 * start of this kind takes the newest pending id of its connection from the next round, which then comes within
 * {@value #STEADY} first intervals of the last (a wait alone then lists instead of its GET), instead of reading
 * the list again.
 *
 * <p>Failures: a transient list failure is a poll error for every wait (each keeps waiting, as after a failed
 * GET); any other list failure, and a job missing from the list (the list may lag), make those waits GET their own
 * job, so that no wait fails or hangs because of the list. The list goes out on a client of the group's own, whose
 * retries are told once to each distinct listener of the waits it serves.
 */
final class PollGroup {
    /** How many first intervals apart rounds come at most, while the waits' cost allows. */
    static final double STEADY = 1.4;
    /** How many first intervals after a job of the group finished the waits left keep its pace, however few. */
    static final int FINISHING_WINDOW = 10;

    /** The token is part of the key, never of its text. */
    record Key(URI apiRoot, String authorization, JobKind kind) {
        @Override
        public String toString() { return "PollGroup[" + apiRoot + ", " + kind + "]"; }
    }

    private final RuntimeParts parts;
    private final Key key;
    private final JobKind kind;
    private final Endpoints lists;
    private final Consumer<PollGroup> emptied;
    private final Set<JobWatch> members = new LinkedHashSet<>();
    /** The listeners of the round under way's waits: read on the senders, where a list's retries are told. */
    private volatile List<CallListener> roundListeners = List.of();
    private Future<?> timer;
    private long timerAt;
    private boolean polling;
    private long lastRoundNanos;
    /**
     * The next round by the waits the last list served, planned when it answered: the waits it finds finished still
     * count, so their leaving does not stretch the spacing for the waits that remain.
     */
    private long spacedByLastList = Long.MAX_VALUE;
    /** When a wait of the group last saw its job finished; {@link Long#MIN_VALUE} before any did. */
    private long lastFinishNanos = Long.MIN_VALUE;
    /** Starts waiting for the next round's snapshot of their connection. */
    private List<SnapshotAsk> asks = new ArrayList<>();

    private record SnapshotAsk(long connection, CompletableFuture<PendingSnapshot> answer) {
    }

    /**
     * {@code key} null: a group of one wait that shares nothing. {@code first}: the calls of the wait that made the
     * group, whose settings its lists use; {@code emptied} runs when the last wait has left.
     */
    PollGroup(RuntimeParts parts, Key key, Endpoints first, Consumer<PollGroup> emptied) {
        this.parts = parts;
        this.key = key;
        this.kind = key == null ? null : key.kind();
        this.emptied = emptied;
        this.lists = first.withListener(new CallListener() {
            @Override
            public void onRetryDecision(String call, SdeException error, int attempt, RetryDecision decision) {
                roundListeners.forEach(l -> l.onRetryDecision(call, error, attempt, decision));
            }
        });
    }

    Key key() { return key; }

    int size() { return members.size(); }

    /** Adds {@code w}; {@code known} (may be null) is its job as just read. On the loop. */
    void join(JobWatch w, Job known) {
        long now = now();
        if (members.size() == 1) {
            lastRoundNanos = now; // the one wait so far has just been looked at, or is about to be
        }
        members.add(w);
        w.onEnd(() -> {
            try {
                parts.loop().execute(() -> leave(w));
            } catch (RejectedExecutionException closed) {
                // the runtime is closed: its groups are gone
            }
        });
        if (known != null) {
            w.seen(known, now);
        }
        plan();
    }

    /**
     * On the loop: {@code answer} gets {@code connection}'s snapshot from the next round, which a wait alone then
     * makes a list instead of its own GET, or null when there is none (then the caller reads the list itself). A
     * round that fails also answers null.
     */
    void snapshot(long connection, CompletableFuture<PendingSnapshot> answer) {
        if (members.isEmpty()) {
            answer.complete(null);
            return;
        }
        asks.add(new SnapshotAsk(connection, answer));
        plan();
    }

    /** {@code w} has ended (or was cancelled): it leaves, and its GET in flight, if any, was cancelled with it. */
    private void leave(JobWatch w) {
        if (!members.remove(w)) {
            return;
        }
        if (members.isEmpty()) {
            answerAsks(takeAsks(), null); // no more rounds: those starts read the list themselves
            cancelTimer();
            emptied.accept(this);
            return;
        }
        plan();
    }

    /** The runtime is closing: every wait ends, saying so. */
    void stopAll() {
        cancelTimer();
        answerAsks(takeAsks(), null);
        List.copyOf(members).forEach(JobWatch::stopped);
        members.clear();
        emptied.accept(this);
    }

    /** Sets the timer for the next look. A look under way plans the next when it ends. */
    private void plan() {
        if (polling || members.isEmpty()) {
            return;
        }
        long at;
        if (members.size() == 1) {
            at = members.iterator().next().dueAt();
            if (finishing(firstIntervalMs())) { // the others' jobs have just ended: this one may be next
                at = Math.min(at, lastRoundNanos + millis(STEADY * firstIntervalMs()));
            }
        } else {
            at = Math.min(spacedByLastList, nextSpacedRound());
            for (JobWatch m : members) {
                at = Math.min(at, m.looked() ? m.deadline() : m.dueAt());
            }
        }
        if (!asks.isEmpty()) { // a start waits for this look's snapshot: at the group's steady pace, however few
            at = Math.min(at, Math.max(now(), lastRoundNanos + millis(STEADY * firstIntervalMs())));
        }
        if (timer != null && timerAt == at) {
            return;
        }
        cancelTimer();
        timerAt = at;
        try {
            timer = parts.loop().schedule(this::tick, at - now());
        } catch (RejectedExecutionException closed) {
            stopAll();
        }
    }

    /** One spacing after the last round began (see the class comment). */
    private long nextSpacedRound() {
        double first = firstIntervalMs();
        double youngest = Double.MAX_VALUE;
        double alonePerMs = 0; // how often the waits would poll alone, together
        for (JobWatch m : members) {
            youngest = Math.min(youngest, m.intervalMs());
            alonePerMs += 1 / m.intervalMs();
        }
        double floor = finishing(first) ? first : Math.max(first, 1 / alonePerMs);
        return lastRoundNanos + millis(Math.max(floor, Math.min(youngest, STEADY * first)));
    }

    /** Whether a wait of the group saw its job finished within the last {@link #FINISHING_WINDOW} first intervals. */
    private boolean finishing(double firstMs) {
        return lastFinishNanos != Long.MIN_VALUE && now() - lastFinishNanos <= millis(firstMs * FINISHING_WINDOW);
    }

    private static long millis(double ms) {
        return TimeUnit.MILLISECONDS.toNanos((long) ms);
    }

    private double firstIntervalMs() {
        double first = Double.MAX_VALUE;
        for (JobWatch m : members) {
            first = Math.min(first, m.firstIntervalMs());
        }
        return first;
    }

    private void tick() {
        timer = null;
        if (polling || members.isEmpty()) {
            return;
        }
        polling = true;
        if (members.size() == 1 && asks.isEmpty()) {
            lastRoundNanos = now();
            get(members.iterator().next(), this::roundEnded);
        } else {
            round();
        }
    }

    private void round() {
        lastRoundNanos = now();
        spacedByLastList = Long.MAX_VALUE;
        List<JobWatch> round = List.copyOf(members);
        Set<Long> ids = new HashSet<>();
        Set<CallListener> listeners = new LinkedHashSet<>();
        long deadline = Long.MAX_VALUE;
        for (JobWatch m : round) {
            ids.add(m.ref().id());
            listeners.add(m.api().listener());
            deadline = Math.min(deadline, m.pollDeadline()); // the list overruns no wait's deadline
        }
        roundListeners = List.copyOf(listeners);
        List<SnapshotAsk> asked = takeAsks(); // this round answers them; later ones wait for the next
        lists.pendingAmong(kind, ids, deadline).whenCompleteAsync((list, error) -> {
            answerAsks(asked, list);
            listed(round, list == null ? null : list.waited(), error);
        }, parts.loop());
    }

    /** The starts waiting for a snapshot, who are no longer waiting for the next round. */
    private List<SnapshotAsk> takeAsks() {
        List<SnapshotAsk> taken = asks;
        asks = new ArrayList<>();
        return taken;
    }

    /** Each ask's snapshot from {@code list}; null (the caller reads it itself) when there is none. */
    private static void answerAsks(List<SnapshotAsk> asked, PendingList list) {
        for (SnapshotAsk a : asked) {
            a.answer().complete(list == null ? null : list.snapshot(a.connection()));
        }
    }

    private void listed(List<JobWatch> round, Map<Long, Job> pending, Throwable error) {
        spacedByLastList = nextSpacedRound(); // before the waits it finished leave
        SdeException transientError = error != null && Futures.unwrap(error) instanceof SdeException e && e.isTransient() ? e : null;
        List<JobWatch> unseen = new ArrayList<>();
        for (JobWatch m : round) {
            Job job = pending == null ? null : pending.get(m.ref().id());
            if (!members.contains(m)) {
                continue; // ended during the list
            } else if (job != null) {
                observe(m, job, null);
            } else if (transientError != null) {
                observe(m, null, transientError);
            } else {
                unseen.add(m); // left the list (ready, or the list lags), or the list itself was refused
            }
        }
        if (unseen.isEmpty()) {
            roundEnded();
            return;
        }
        int[] left = {unseen.size()};
        for (JobWatch m : unseen) {
            get(m, () -> {
                if (--left[0] == 0) {
                    roundEnded();
                }
            });
        }
    }

    /** One GET of {@code w}'s own job; {@code then} runs on the loop when it is answered or cancelled. */
    private void get(JobWatch w, Runnable then) {
        var f = w.api().getJob(w.ref(), w.pollDeadline());
        w.ownGet(f);
        f.whenCompleteAsync((job, error) -> {
            w.ownGet(null);
            if (members.contains(w)) {
                observe(w, job, error);
            }
            then.run();
        }, parts.loop());
    }

    private void observe(JobWatch w, Job job, Throwable error) {
        if (error != null) {
            w.failed(error, now());
        } else {
            w.seen(job, now());
            if (job.ready()) {
                lastFinishNanos = now();
            }
        }
        if (w.isDone()) {
            leave(w);
        }
    }

    private void roundEnded() {
        polling = false;
        plan();
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private long now() { return parts.now(); }
}
