package io.jenkins.plugins.sdejobs.engine;

import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One poll for every wait on the same server, token and kind. While two or more waits share it, it lists the
 * kind's pending jobs ({@code ready=false}, every page, keeping only the ids waited for) instead of each wait
 * getting its own job; a wait whose job has left the list gets one GET for its final record.
 *
 * <p>When: a list costs one request however many waits it serves, so rounds come √n times as often as the
 * youngest wait alone would poll (its interval grows with its age, as alone), never more often than its first
 * interval, and never after a wait's deadline. No wait is therefore looked at later than it would be alone. A
 * wait alone polls by itself, exactly as without sharing.
 *
 * <p>Failures: a transient list failure is a poll error for every wait (each keeps waiting, as after a failed
 * GET); any other list failure, and a job missing from the list (the list may lag), make those waits GET their
 * own job, so that no wait fails or hangs because of the list.
 */
final class SharedPoll {
    private static final Map<Key, SharedPoll> POLLS = new ConcurrentHashMap<>();

    /**
     * The token is part of the key, never of its text. So is the scheduler the rounds run on: waits on threads
     * a host has stopped (Jenkins restarting in the same JVM, as in tests) never share with new ones.
     */
    private record Key(URI apiRoot, String authorization, JobKind kind, ScheduledExecutorService scheduler) {
        @Override
        public String toString() { return "SharedPoll[" + apiRoot + ", " + kind + "]"; }
    }

    private final Key key;
    private final Set<JobWatch> members = new LinkedHashSet<>();
    private Future<?> round;
    private long roundAtNanos;
    private long lastRoundNanos;
    private boolean listing;

    private SharedPoll(Key key) { this.key = key; }

    /** Adds {@code w} to the poll of its client's server, token and kind; the poll is created on first use. */
    static SharedPoll join(SdeClient client, JobKind kind, JobWatch w) {
        Key key = new Key(client.apiRoot(), client.authorization(), kind, client.scheduler());
        while (true) {
            SharedPoll p = POLLS.computeIfAbsent(key, SharedPoll::new);
            synchronized (p) {
                if (POLLS.get(key) == p) { // not emptied and dropped meanwhile
                    if (p.members.size() == 1) {
                        p.lastRoundNanos = client.nanoTime(); // the one wait so far has just polled, or is about to
                    }
                    p.members.add(w);
                    return p;
                }
            }
        }
    }

    /** How many waits share the poll of {@code client}'s server, token and kind: for tests, which check for leaks. */
    static int members(SdeClient client, JobKind kind) {
        SharedPoll p = POLLS.get(new Key(client.apiRoot(), client.authorization(), kind, client.scheduler()));
        if (p == null) {
            return 0;
        }
        synchronized (p) {
            return p.members.size();
        }
    }

    /** True while another wait shares this poll: {@code w} then waits for rounds instead of polling itself. */
    synchronized boolean isShared() { return members.size() >= 2; }

    void leave(JobWatch w) {
        JobWatch alone = null;
        synchronized (this) {
            if (!members.remove(w)) {
                return;
            }
            if (members.isEmpty()) {
                POLLS.remove(key, this);
            }
            if (members.size() <= 1 && round != null) {
                round.cancel(false);
                round = null;
            }
            if (members.size() == 1) {
                alone = members.iterator().next();
            }
        }
        if (alone != null) {
            // on the scheduler, so that no lock of the wait that just ended is held while it takes its own
            try {
                key.scheduler().execute(alone::pollAlone);
            } catch (RejectedExecutionException stopped) {
                // the host has stopped its threads: nothing polls any more
            }
        }
    }

    /**
     * {@code w} is waiting for the next round: bring it forward, if need be, to one of {@code w}'s spacings after
     * the last round began, or to {@code w}'s deadline ({@code leftNanos} from now). Only {@code w}'s own interval
     * is read, so that every wait asking after a round costs the same however many share it.
     */
    void wake(JobWatch w, long leftNanos) {
        synchronized (this) {
            if (members.size() < 2 || listing) {
                return; // alone, the watch polls itself; a round under way plans the next when it ends
            }
            long now = w.client().nanoTime();
            long at = Math.min(lastRoundNanos + spacingNanos(w.intervalMs(), w.firstIntervalMs()), now + leftNanos);
            if (round == null || round.isDone() || roundAtNanos > at) {
                planRound(at, now);
            }
        }
    }

    /** Schedules the next round at {@code at}, instead of any planned later. Called with this poll's lock. */
    private void planRound(long at, long now) {
        if (round != null) {
            round.cancel(false);
        }
        roundAtNanos = at;
        try {
            round = key.scheduler().schedule(this::run, Math.max(0, at - now), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopped) {
            round = null; // the host has stopped its threads: nothing polls any more
        }
    }

    /** √n times an interval, never below the first interval. */
    private long spacingNanos(double intervalMs, double firstIntervalMs) {
        return TimeUnit.MILLISECONDS.toNanos((long) Math.max(firstIntervalMs, intervalMs / Math.sqrt(members.size())));
    }

    private void run() {
        List<JobWatch> waiting;
        synchronized (this) {
            if (members.size() < 2) {
                return;
            }
            listing = true;
            waiting = List.copyOf(members);
            lastRoundNanos = waiting.get(0).client().nanoTime();
        }
        Set<Long> ids = new HashSet<>();
        Duration left = Duration.ofDays(1);
        for (JobWatch m : waiting) {
            ids.add(m.ref().id());
            Duration budget = m.pollBudget();
            left = budget.compareTo(left) < 0 ? budget : left; // the list overruns no wait's deadline
        }
        SdeClient client = waiting.get(waiting.size() - 1).client(); // the newest member's: it is surely waiting
        client.pendingAmong(key.kind(), ids, client.deadlineFrom(left)).whenComplete((pending, error) -> {
            synchronized (this) {
                listing = false;
                round = null;
                if (members.size() >= 2) {
                    // Plan the next round now, by the youngest wait: waits that joined during this one asked while
                    // it was under way, and the waits fed below may all finish without asking again.
                    double youngest = Double.MAX_VALUE;
                    double first = Double.MAX_VALUE;
                    for (JobWatch m : members) {
                        youngest = Math.min(youngest, m.intervalMs());
                        first = Math.min(first, m.firstIntervalMs());
                    }
                    planRound(lastRoundNanos + spacingNanos(youngest, first), client.nanoTime());
                }
            }
            SdeException transientError = error != null && Futures.unwrap(error) instanceof SdeException e
                    && e.isTransient() ? e : null;
            for (JobWatch m : waiting) {
                Job job = pending == null ? null : pending.get(m.ref().id());
                if (job != null) {
                    m.fed(job);
                } else if (transientError != null) {
                    m.fedError(transientError);
                } else {
                    m.pollOwnJob(); // left the list (ready, or the list lags), or the list itself was refused
                }
            }
        });
    }
}
