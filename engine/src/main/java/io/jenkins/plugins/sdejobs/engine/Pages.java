package io.jenkins.plugins.sdejobs.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Reads a paginated list to its end: {@code {"results": [...], "next": "..."}} (or a bare array), following each
 * {@code next} link. Cancelling the result cancels the page request in flight.
 */
final class Pages {
    private static final int MAX_PAGES = 10_000;

    private final Transport transport;
    private final URI apiRoot;
    private final long deadline;
    private final CallListener listener;

    private Pages(Transport transport, URI apiRoot, long deadline, CallListener listener) {
        this.transport = transport;
        this.apiRoot = apiRoot;
        this.deadline = deadline;
        this.listener = listener;
    }

    /** Every item from {@code first} on, as {@code item} maps them (null: left out). */
    static <T> CompletableFuture<List<T>> all(Transport transport, URI apiRoot, URI first, Function<JsonNode, T> item,
                                              long deadline, CallListener listener) {
        return new Pages(transport, apiRoot, deadline, listener).read(first, item);
    }

    private <T> CompletableFuture<List<T>> read(URI first, Function<JsonNode, T> item) {
        List<T> out = new ArrayList<>();
        AtomicReference<CompletableFuture<Transport.Answer>> inFlight = new AtomicReference<>();
        CompletableFuture<List<T>> result = page(first, item, out, new HashSet<>(), inFlight).thenApply(v -> List.copyOf(out));
        result.whenComplete((r, e) -> {
            CompletableFuture<Transport.Answer> p = inFlight.get();
            if (result.isCancelled() && p != null) {
                p.cancel(true);
            }
        });
        return result;
    }

    private <T> CompletableFuture<Void> page(URI uri, Function<JsonNode, T> item, List<T> out, Set<URI> seen,
                                             AtomicReference<CompletableFuture<Transport.Answer>> inFlight) {
        if (!seen.add(uri) || seen.size() > MAX_PAGES) {
            return CompletableFuture.failedFuture(new SdeException.MalformedJson(0,
                    "SD Elements' page links loop or never end (at " + uri.getRawPath() + "); stopped after "
                            + seen.size() + " pages."));
        }
        CompletableFuture<Transport.Answer> request = transport.get(uri, deadline, listener);
        inFlight.set(request);
        return request.thenCompose(a -> {
            JsonNode n = a.json();
            JsonNode results = n.isArray() ? n : n.get("results");
            if (results == null || !results.isArray()) {
                throw new SdeException.MalformedJson(a.status(), "SD Elements' answer to GET " + uri.getRawPath()
                        + " has no 'results' list: is the URL that of SD Elements?");
            }
            try {
                for (JsonNode r : results) {
                    T t = item.apply(r);
                    if (t != null) {
                        out.add(t);
                    }
                }
            } catch (SdeException.MalformedJson e) {
                throw new SdeException.MalformedJson(a.status(), e.getMessage());
            }
            JsonNode next = n.isObject() ? n.get("next") : null;
            if (next == null || next.isNull() || next.asText().isEmpty()) {
                return CompletableFuture.completedFuture(null);
            }
            return page(nextPage(next.asText(), a.status()), item, out, seen, inFlight);
        });
    }

    /**
     * The {@code next} link, followed by its path and query on the API root that was configured. Its scheme and host
     * are ignored: behind a reverse proxy they name the host the server sees, not the one we call, and often
     * {@code http://}. So the token only ever goes where it was configured to go; a link whose path leaves the API
     * is refused.
     */
    private URI nextPage(String link, int status) {
        URI next;
        try {
            next = apiRoot.resolve(link.strip());
        } catch (IllegalArgumentException e) {
            throw new SdeException.MalformedJson(status, "SD Elements sent an unreadable next-page link.");
        }
        String path = next.getRawPath() == null ? "" : next.normalize().getRawPath();
        if (!path.startsWith(apiRoot.getRawPath())) {
            throw new SdeException.MalformedJson(status, "SD Elements' next-page link leaves the API (" + path
                    + " is not under " + apiRoot.getRawPath() + "); refusing to follow it.");
        }
        return URI.create(apiRoot.getScheme() + "://" + apiRoot.getRawAuthority() + path
                + (next.getRawQuery() == null ? "" : "?" + next.getRawQuery()));
    }
}
