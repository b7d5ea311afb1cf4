package io.jenkins.plugins.sdejobs.engine;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * Starts that read their connection's snapshot themselves (no shared poll to take it from) share reads: while one
 * read of a server, token, kind and connection is under way, the starts that ask meanwhile wait for the next one,
 * which begins when it ends. So a burst of starts costs two reads, not one each, and every start still gets a read
 * that began after it asked. On the runtime's loop only.
 */
final class SnapshotReads {
    private record Key(PollGroup.Key group, long connection) {
    }

    /** The starts that asked while the read in flight was under way, and how to read for them. */
    private static final class Next {
        final CompletableFuture<PendingSnapshot> answer = new CompletableFuture<>();
        Supplier<CompletableFuture<PendingSnapshot>> read;
    }

    private final RuntimeParts parts;
    /** Per key with a read in flight: the next read's starts, or null while none has asked. */
    private final Map<Key, Next> inFlight = new HashMap<>();

    SnapshotReads(RuntimeParts parts) { this.parts = parts; }

    /** {@code connection}'s snapshot from a read that begins now, or right after the one under way. */
    CompletableFuture<PendingSnapshot> read(PollGroup.Key group, long connection, Supplier<CompletableFuture<PendingSnapshot>> read) {
        Key key = new Key(group, connection);
        if (!inFlight.containsKey(key)) {
            return begin(key, read);
        }
        Next next = inFlight.computeIfAbsent(key, k -> new Next());
        next.read = read; // any start's: all read the same list with the same token
        return next.answer;
    }

    private CompletableFuture<PendingSnapshot> begin(Key key, Supplier<CompletableFuture<PendingSnapshot>> read) {
        inFlight.put(key, null);
        CompletableFuture<PendingSnapshot> snapshot = read.get();
        snapshot.whenComplete((s, e) -> {
            try {
                parts.loop().execute(() -> ended(key));
            } catch (RejectedExecutionException closed) {
                ended(key); // the loop is gone, and nothing else touches this map now
            }
        });
        return snapshot;
    }

    private void ended(Key key) {
        Next next = inFlight.remove(key);
        if (next != null) {
            Futures.forward(begin(key, next.read), next.answer);
        }
    }
}
