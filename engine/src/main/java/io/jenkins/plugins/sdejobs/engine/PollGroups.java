package io.jenkins.plugins.sdejobs.engine;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * A runtime's poll groups: one per API root, token and kind for the waits that share, and one each for those that
 * do not, and the snapshot reads of starts. Touched on the runtime's loop only, except {@link #watch} and
 * {@link #snapshot}, which hand their work to the loop.
 */
final class PollGroups {
    private final RuntimeParts parts;
    private final Map<PollGroup.Key, PollGroup> shared = new HashMap<>();
    private final Set<PollGroup> all = new HashSet<>();
    private final SnapshotReads reads;

    PollGroups(RuntimeParts parts) {
        this.parts = parts;
        this.reads = new SnapshotReads(parts);
    }

    /** Starts a wait: it joins its group on the loop; {@code known} (may be null) is the job as just read. */
    JobWatch watch(Endpoints api, boolean share, JobRef ref, WatchOptions options, Job known) {
        JobWatch w = new JobWatch(api, ref, options);
        if (known != null && known.ready()) {
            w.seen(known, parts.now()); // finished already: nothing to poll
            return w;
        }
        try {
            parts.loop().execute(() -> {
                if (!w.isDone()) { // not cancelled before it got here
                    group(api, share, ref.kind()).join(w, known);
                }
            });
        } catch (RejectedExecutionException closed) {
            w.stopped();
        }
        return w;
    }

    /**
     * The snapshot for a start on {@code connection}: from the next round of the shared poll of its server, token
     * and kind while one has a wait (no request of its own), else from {@code own}'s read, which starts asking at
     * the same time share ({@link SnapshotReads}). Not sharing: {@code own}'s.
     */
    CompletableFuture<PendingSnapshot> snapshot(Endpoints api, boolean share, JobKind kind, long connection,
            Supplier<CompletableFuture<PendingSnapshot>> own) {
        if (!share) {
            return own.get();
        }
        PollGroup.Key key = new PollGroup.Key(api.apiRoot(), api.authorization(), kind);
        CompletableFuture<PendingSnapshot> answer = new CompletableFuture<>();
        try {
            parts.loop().execute(() -> {
                CompletableFuture<PendingSnapshot> fromRound = new CompletableFuture<>();
                PollGroup g = shared.get(key);
                if (g == null) {
                    fromRound.complete(null);
                } else {
                    g.snapshot(connection, fromRound); // answered on the loop
                }
                Futures.forward(fromRound.thenCompose(s -> s != null ? CompletableFuture.completedFuture(s)
                        : reads.read(key, connection, own)), answer);
            });
        } catch (RejectedExecutionException closed) {
            return own.get();
        }
        return answer;
    }

    /** The runtime is closing: every wait of every group ends, saying so. */
    void stopAll() { List.copyOf(all).forEach(PollGroup::stopAll); }

    /** How many waits the groups hold, for leak checks in tests. */
    int waits() {
        int n = 0;
        for (PollGroup g : all) {
            n += g.size();
        }
        return n;
    }

    private PollGroup group(Endpoints api, boolean share, JobKind kind) {
        PollGroup.Key key = share ? new PollGroup.Key(api.apiRoot(), api.authorization(), kind) : null;
        PollGroup g = key == null ? null : shared.get(key);
        if (g == null) {
            g = new PollGroup(parts, key, api, this::drop);
            all.add(g);
            if (key != null) {
                shared.put(key, g);
            }
        }
        return g;
    }

    /** {@code g} has emptied: a later wait on its key gets a new group. */
    private void drop(PollGroup g) {
        all.remove(g);
        if (g.key() != null) {
            shared.remove(g.key(), g);
        }
    }
}
