package io.jenkins.plugins.sdejobs.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.Proxy;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sends one API call, asynchronously, retrying what is safe to retry within the caller's deadline (nanoseconds on
 * the runtime's clock). Whether to retry is one pure rule, {@link #decide}: a GET is retried on every
 * {@link SdeException#isTransient() transient} error; a POST is repeated only when the server certainly did not
 * act (the request never left, or 429), because a repeated POST would start a second job. A {@code Retry-After}
 * (429 or 503) is honoured, within the deadline.
 *
 * <p>Each exchange is a blocking {@code send} on the runtime's senders; delays wait on its loop. {@code sendAsync}
 * would be the obvious choice, but the JDK completes it on the common ForkJoinPool, which on a 2-core host starts
 * a new thread for every answer.
 */
final class Transport {
    /** A successful answer: its status (200, 201, ...) and JSON. */
    record Answer(int status, JsonNode json) {
    }

    private static final Logger LOG = Logger.getLogger(Transport.class.getName());
    private static final String USER_AGENT = "sdelements-jobs/" + version();

    private final RuntimeParts runtime;
    private final ApiToken token;
    private final Duration requestTimeout;
    private final RetryPolicy retry;
    /** "Basic ..." for an HTTP proxy that demands credentials, or null; sent only to a proxy. */
    private final String proxyAuthorization;

    Transport(RuntimeParts runtime, ApiToken token, Duration requestTimeout, RetryPolicy retry, String proxyAuthorization) {
        this.runtime = runtime;
        this.token = token;
        this.requestTimeout = requestTimeout;
        this.retry = retry;
        this.proxyAuthorization = proxyAuthorization;
    }

    CompletableFuture<Answer> get(URI uri, long deadlineNanos, CallListener listener) {
        return new Call("GET", uri, null, deadlineNanos, listener).start();
    }

    CompletableFuture<Answer> post(URI uri, JsonNode body, long deadlineNanos, CallListener listener) {
        return new Call("POST", uri, body, deadlineNanos, listener).start();
    }

    /**
     * What follows attempt {@code attempt} of a {@code method} call that failed with {@code error} at {@code now}:
     * no side effects, so every rule about retrying lives here and is tested here.
     */
    RetryDecision decide(String method, SdeException error, int attempt, long now, long deadlineNanos) {
        boolean retryable = method.equals("GET") ? error.isTransient()
                : error instanceof SdeException.RateLimited || (error instanceof SdeException.NetworkError && !error.outcomeUnknown());
        if (!retryable) {
            return new RetryDecision.GiveUp(RetryDecision.Why.NOT_RETRYABLE);
        }
        if (attempt >= retry.maxAttempts()) {
            return new RetryDecision.GiveUp(RetryDecision.Why.ATTEMPTS_USED);
        }
        Duration asked = error instanceof SdeException.RateLimited rl ? rl.retryAfter()
                : error instanceof SdeException.ServerError se ? se.retryAfter() : null;
        Duration delay = asked != null ? asked : retry.backoff(attempt, runtime.jitter());
        if (now + delay.toNanos() > deadlineNanos) {
            return new RetryDecision.GiveUp(RetryDecision.Why.PAST_DEADLINE); // waiting would break the deadline
        }
        return new RetryDecision.Retry(delay);
    }

    /** Whether the HTTP client's proxy selector sends {@code uri} through a proxy (so proxy credentials go nowhere else). */
    private boolean viaProxy(URI uri) {
        return runtime.http().proxy().map(selector -> selector.select(uri))
                .map(proxies -> !proxies.isEmpty() && proxies.get(0).type() != Proxy.Type.DIRECT).orElse(false);
    }

    /** One logical call and its attempts. Cancelling {@link #result} cancels what is in flight. */
    private final class Call {
        final String method;
        final URI uri;
        final String body;
        final long deadline;
        final CallListener listener;
        final String what;
        final CompletableFuture<Answer> result = new CompletableFuture<>();
        volatile Future<?> pending;
        int attempts;

        Call(String method, URI uri, JsonNode body, long deadline, CallListener listener) {
            this.method = method;
            this.uri = uri;
            this.body = body == null ? null : body.toString();
            this.deadline = deadline;
            this.listener = listener;
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
            long left = deadline - runtime.ticker().nanoTime();
            if (result.isDone()) {
                return;
            }
            if (left <= 0) {
                result.completeExceptionally(new SdeException.RequestTimeout(
                        "No time left to send " + what + " before the deadline.", false));
                return;
            }
            HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofNanos(Math.min(left, requestTimeout.toNanos())))
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
                pending = runtime.senders().submit(() -> exchange(request));
            } catch (RejectedExecutionException e) { // the runtime is closed
                result.completeExceptionally(new SdeException.NetworkError(what + " was not sent: shutting down.", false));
                return;
            }
            if (result.isCancelled()) {
                pending.cancel(true); // cancelled between the check above and the assignment
            }
        }

        private void exchange(HttpRequest request) {
            try {
                HttpResponse<String> response = runtime.http().send(request, HttpResponse.BodyHandlers.ofString());
                LOG.log(Level.FINE, "{0} answered HTTP {1}", new Object[] {what, response.statusCode()});
                result.complete(new Answer(response.statusCode(), Responses.read(response, what, token)));
            } catch (InterruptedException e) { // cancelled, or the runtime is closing
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
            RetryDecision decision = decide(method, e, attempts, runtime.ticker().nanoTime(), deadline);
            boolean news = decision instanceof RetryDecision.Retry || attempts > 1
                    || (e.isTransient() && ((RetryDecision.GiveUp) decision).why() == RetryDecision.Why.PAST_DEADLINE);
            if (news) {
                LOG.log(Level.FINE, "{0} failed ({1}), attempt {2}: {3}",
                        new Object[] {what, e.getClass().getSimpleName(), attempts, decision});
                try {
                    listener.onRetryDecision(what, e, attempts, decision);
                } catch (RuntimeException ignored) {
                    // a listener must not change what the call does
                }
            }
            if (!(decision instanceof RetryDecision.Retry retry)) {
                result.completeExceptionally(e);
                return;
            }
            try {
                pending = runtime.loop().schedule(this::attempt, retry.delay().toNanos());
            } catch (RejectedExecutionException closed) {
                result.completeExceptionally(e);
            }
        }
    }

    private static String version() {
        String v = Transport.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
