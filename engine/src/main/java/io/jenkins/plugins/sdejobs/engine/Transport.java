package io.jenkins.plugins.sdejobs.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sends one API call, asynchronously, retrying what is safe to retry within the caller's deadline. A GET is
 * retried on every {@link SdeException#isTransient() transient} error. A POST is repeated only when the server
 * certainly did not act (the request never left, or 429), because a repeated POST would start a second job;
 * a POST whose {@link SdeException#outcomeUnknown() outcome is unknown} is left to the caller to reconcile.
 * A {@code Retry-After} (429 or 503) is honoured, within the deadline.
 *
 * <p>Each exchange is a blocking {@code send} on the {@code senders} pool. {@code sendAsync} would be the obvious
 * choice, but the JDK completes it on the common ForkJoinPool, which on a 2-core host starts a new thread for
 * every answer; a small pool of our own keeps the thread count fixed whatever the host's flags.
 */
final class Transport {
    /** A successful answer: its status (200, 201, ...) and JSON. */
    record Answer(int status, JsonNode json) {
    }

    private static final Logger LOG = Logger.getLogger(Transport.class.getName());
    private static final String USER_AGENT = "sdelements-jobs/" + version();

    private final HttpClient http;
    private final ApiToken token;
    private final Duration requestTimeout;
    private final RetryPolicy retry;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService senders;
    /** "Basic ..." for an HTTP proxy that demands credentials, or null; sent only to a proxy. */
    private final String proxyAuthorization;
    private final CallListener listener;

    Transport(HttpClient http, ApiToken token, Duration requestTimeout, RetryPolicy retry,
              ScheduledExecutorService scheduler, ExecutorService senders, String proxyAuthorization,
              CallListener listener) {
        this.http = http;
        this.token = token;
        this.listener = listener;
        this.proxyAuthorization = proxyAuthorization;
        this.requestTimeout = requestTimeout;
        this.retry = retry;
        this.scheduler = scheduler;
        this.senders = senders;
    }

    /** Whether the client's proxy selector sends {@code uri} through a proxy (so proxy credentials go nowhere else). */
    private boolean viaProxy(URI uri) {
        return http.proxy().map(selector -> selector.select(uri))
                .map(proxies -> !proxies.isEmpty() && proxies.get(0).type() != Proxy.Type.DIRECT).orElse(false);
    }

    CompletableFuture<Answer> get(URI uri, Instant deadline) {
        return new Call("GET", uri, null, deadline).start();
    }

    CompletableFuture<Answer> post(URI uri, JsonNode body, Instant deadline) {
        return new Call("POST", uri, body, deadline).start();
    }

    /** One logical call and its attempts. Cancelling {@link #result} cancels what is in flight. */
    private final class Call {
        final String method;
        final URI uri;
        final String body;
        final Instant deadline;
        final String what;
        final CompletableFuture<Answer> result = new CompletableFuture<>();
        volatile Future<?> pending;
        int attempts;

        Call(String method, URI uri, JsonNode body, Instant deadline) {
            this.method = method;
            this.uri = uri;
            this.body = body == null ? null : body.toString();
            this.deadline = deadline;
            this.what = method + " " + uri.getRawPath();
        }

        CompletableFuture<Answer> start() {
            result.whenComplete((r, e) -> {
                Future<?> p = pending;
                if (result.isCancelled() && p != null) {
                    p.cancel(true);
                }
            });
            attempt();
            return result;
        }

        void attempt() {
            Duration left = Duration.between(Instant.now(), deadline);
            if (result.isDone()) {
                return;
            }
            if (left.isNegative() || left.isZero()) {
                result.completeExceptionally(new SdeException.RequestTimeout(
                        "No time left to send " + what + " before the deadline.", false));
                return;
            }
            HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                    .timeout(left.compareTo(requestTimeout) < 0 ? left : requestTimeout)
                    .header("Accept", "application/json")
                    .header("Authorization", token.authorization())
                    .header("User-Agent", USER_AGENT);
            if (body != null) {
                b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
            }
            if (proxyAuthorization != null && viaProxy(uri)) {
                b.header("Proxy-Authorization", proxyAuthorization);
            }
            attempts++;
            HttpRequest request = b.build();
            try {
                pending = senders.submit(() -> exchange(request));
            } catch (RejectedExecutionException e) { // the host is shutting down
                result.completeExceptionally(new SdeException.NetworkError(what + " was not sent: shutting down.", false));
                return;
            }
            if (result.isCancelled()) {
                pending.cancel(true); // cancelled between the check above and the assignment
            }
        }

        private void exchange(HttpRequest request) {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                LOG.log(Level.FINE, "{0} answered HTTP {1}", new Object[] {what, response.statusCode()});
                result.complete(new Answer(response.statusCode(), Responses.read(response, what, token)));
            } catch (InterruptedException e) { // cancelled, or the host is stopping its threads
                Thread.currentThread().interrupt();
                result.completeExceptionally(new SdeException.NetworkError(what + " was interrupted.", true));
            } catch (IOException e) {
                failed(Responses.failure(e, what, uri.getAuthority(), token));
            } catch (SdeException e) {
                failed(e);
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        }

        void failed(SdeException e) {
            if (result.isDone()) {
                return;
            }
            if (attempts >= retry.maxAttempts() || !retryable(e)) {
                result.completeExceptionally(e);
                return;
            }
            Duration asked = e instanceof SdeException.RateLimited rl ? rl.retryAfter()
                    : e instanceof SdeException.ServerError se ? se.retryAfter() : null;
            Duration delay = asked != null ? asked : retry.backoff(attempts);
            if (Instant.now().plus(delay).isAfter(deadline)) {
                result.completeExceptionally(e); // waiting would break the caller's deadline
                return;
            }
            LOG.log(Level.FINE, "{0} failed ({1}); attempt {2} of {3} in {4} ms",
                    new Object[] {what, e.getClass().getSimpleName(), attempts + 1, retry.maxAttempts(), delay.toMillis()});
            try {
                listener.onRetry(what, e, attempts + 1, delay);
            } catch (RuntimeException ignored) {
                // a listener must not change what the call does
            }
            pending = scheduler.schedule(this::attempt, delay.toMillis(), TimeUnit.MILLISECONDS);
        }

        boolean retryable(SdeException e) {
            if (method.equals("GET")) {
                return e.isTransient();
            }
            return e instanceof SdeException.RateLimited || (e instanceof SdeException.NetworkError && !e.outcomeUnknown());
        }
    }

    private static String version() {
        String v = Transport.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
