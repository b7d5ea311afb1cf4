package io.jenkins.plugins.sdejobs.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * A client for one SD Elements server: every Jobs endpoint for the three kinds, plus {@code users/me},
 * {@code connections/{kind}/} and {@code server-info/}. Each call has an asynchronous form and a blocking one.
 * Thread-safe; {@link #toString()} never shows the token.
 */
public final class SdeClient {
    private static final int PAGE_SIZE = 100;
    private static final int MAX_PAGES = 10_000;

    private final URI apiRoot;
    private final Transport transport;
    private final Duration callTimeout;
    private final ScheduledExecutorService scheduler;

    private SdeClient(Builder b) {
        this.apiRoot = BaseUrl.apiRoot(b.url);
        this.callTimeout = b.callTimeout;
        this.scheduler = b.scheduler;
        this.transport = new Transport(b.httpClient, Objects.requireNonNull(b.token, "token"), b.requestTimeout,
                b.retry, b.scheduler, b.proxyAuthorization);
    }

    /** {@code url} is the server as users type it: {@code https://sde.example.com}, with or without {@code /api/v2}. */
    public static Builder builder(String url, ApiToken token) { return new Builder(url, token); }

    /** The normalised API root, {@code https://host/api/v2/}. */
    public URI apiRoot() { return apiRoot; }

    /** Where one job lives in the API; a browser logged in to SD Elements shows it. */
    public URI jobUrl(JobKind kind, long jobId) { return jobsUri(kind).resolve(jobId + "/"); }

    // ---- jobs --------------------------------------------------------------------------------------

    /** Starts a job: posts {@code {connection, automatic, ready:false}}. Never repeated once the server may have acted. */
    public CompletableFuture<Job> initiateAsync(JobKind kind, long connectionId, boolean automatic) {
        ObjectNode body = JsonModel.MAPPER.createObjectNode()
                .put("connection", connectionId).put("automatic", automatic).put("ready", false);
        return map(transport.post(jobsUri(kind), body, deadline()), n -> JsonModel.job(kind, n));
    }

    /** Records a finished job's result (the reference's "Post Results"). */
    public CompletableFuture<Job> recordResultAsync(JobKind kind, long connectionId, boolean succeeded, String message,
                                                    boolean automatic) {
        ObjectNode body = JsonModel.MAPPER.createObjectNode().put("connection", connectionId)
                .put("result_message", Objects.requireNonNull(message, "message")).put("succeeded", succeeded)
                .put("automatic", automatic).put("ready", true);
        return map(transport.post(jobsUri(kind), body, deadline()), n -> JsonModel.job(kind, n));
    }

    public CompletableFuture<Job> getJobAsync(JobKind kind, long jobId) {
        return getJobAsync(kind, jobId, deadline());
    }

    CompletableFuture<Job> getJobAsync(JobKind kind, long jobId, Instant deadline) {
        return map(transport.get(jobUrl(kind, jobId), deadline), n -> JsonModel.job(kind, n));
    }

    /** Every job matching {@code filter}, following {@code next} across all pages. */
    public CompletableFuture<List<Job>> listJobsAsync(JobKind kind, JobFilter filter) {
        String q = filter.toQuery();
        URI first = URI.create(jobsUri(kind) + "?page_size=" + PAGE_SIZE + (q.isEmpty() ? "" : "&" + q));
        return allPages(first, n -> JsonModel.job(kind, n));
    }

    // ---- neighbours --------------------------------------------------------------------------------

    /** Who the token belongs to: the cheapest authenticated call, for "Test connection". */
    public CompletableFuture<User> meAsync() {
        return map(transport.get(apiRoot.resolve("users/me/"), deadline()), JsonModel::user);
    }

    /** The connections of one kind, for drop-downs and for checking a connection before triggering it. */
    public CompletableFuture<List<Connection>> connectionsAsync(JobKind kind) {
        return allPages(apiRoot.resolve("connections/" + kind.id() + "/?page_size=" + PAGE_SIZE), JsonModel::connection);
    }

    public CompletableFuture<ServerInfo> serverInfoAsync() {
        return map(transport.get(apiRoot.resolve("server-info/"), deadline()), JsonModel::serverInfo);
    }

    // ---- waiting -----------------------------------------------------------------------------------

    /** Starts waiting for a job to be ready; see {@link JobWatch}. */
    public JobWatch watch(JobKind kind, long jobId, WatchOptions options) {
        return new JobWatch(this, kind, jobId, options).start();
    }

    /**
     * Starts waiting for a job whose state was just read, typically the one {@link #initiateAsync} returned:
     * the first poll comes one interval later, not at once.
     */
    public JobWatch watch(Job job, WatchOptions options) {
        return new JobWatch(this, job.kind(), job.id(), options).startFrom(job);
    }

    /** Waits for a job in the calling thread. Interrupting the thread stops the wait at once. */
    public Job await(JobKind kind, long jobId, WatchOptions options) throws InterruptedException {
        return await(watch(kind, jobId, options).result());
    }

    // ---- blocking forms ----------------------------------------------------------------------------

    public Job initiate(JobKind kind, long connectionId, boolean automatic) throws InterruptedException {
        return await(initiateAsync(kind, connectionId, automatic));
    }

    public Job recordResult(JobKind kind, long connectionId, boolean succeeded, String message, boolean automatic)
            throws InterruptedException {
        return await(recordResultAsync(kind, connectionId, succeeded, message, automatic));
    }

    public Job getJob(JobKind kind, long jobId) throws InterruptedException {
        return await(getJobAsync(kind, jobId));
    }

    public List<Job> listJobs(JobKind kind, JobFilter filter) throws InterruptedException {
        return await(listJobsAsync(kind, filter));
    }

    public User me() throws InterruptedException {
        return await(meAsync());
    }

    public List<Connection> connections(JobKind kind) throws InterruptedException {
        return await(connectionsAsync(kind));
    }

    public ServerInfo serverInfo() throws InterruptedException {
        return await(serverInfoAsync());
    }

    /**
     * Waits for {@code future}, rethrowing its {@link SdeException} (or other runtime failure) as thrown.
     * Interruption cancels the future.
     */
    public static <T> T await(CompletableFuture<T> future) throws InterruptedException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = unwrap(e);
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(cause);
        }
    }

    /** The real failure inside a future's wrapping exceptions. */
    public static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    // ---- internals ---------------------------------------------------------------------------------

    ScheduledExecutorService scheduler() { return scheduler; }

    private Instant deadline() { return Instant.now().plus(callTimeout); }

    /** The deadline of one call inside a wait: the call timeout, but never past the wait's own end. */
    Instant deadlineFrom(Duration remaining) {
        return Instant.now().plus(remaining.compareTo(callTimeout) < 0 ? remaining : callTimeout);
    }

    /** {@code source.thenApply(fn)}, except that cancelling the result also cancels {@code source} (and its retries). */
    private static <T, R> CompletableFuture<R> map(CompletableFuture<T> source, Function<T, R> fn) {
        CompletableFuture<R> out = source.thenApply(fn);
        out.whenComplete((r, e) -> {
            if (out.isCancelled()) {
                source.cancel(true);
            }
        });
        return out;
    }

    private URI jobsUri(JobKind kind) { return apiRoot.resolve("jobs/" + kind.id() + "/"); }

    /** Every page from {@code first} on; cancelling the result cancels the page request in flight. */
    private <T> CompletableFuture<List<T>> allPages(URI first, Function<JsonNode, T> item) {
        List<T> out = new ArrayList<>();
        AtomicReference<CompletableFuture<JsonNode>> inFlight = new AtomicReference<>();
        CompletableFuture<List<T>> result = page(first, item, out, new HashSet<>(), inFlight)
                .thenApply(v -> List.copyOf(out));
        result.whenComplete((r, e) -> {
            CompletableFuture<JsonNode> p = inFlight.get();
            if (result.isCancelled() && p != null) {
                p.cancel(true);
            }
        });
        return result;
    }

    private <T> CompletableFuture<Void> page(URI uri, Function<JsonNode, T> item, List<T> out, Set<URI> seen,
                                             AtomicReference<CompletableFuture<JsonNode>> inFlight) {
        if (!seen.add(uri) || seen.size() > MAX_PAGES) {
            return CompletableFuture.failedFuture(new SdeException.MalformedJson(200,
                    "SD Elements' page links loop or never end (at " + uri.getRawPath() + "); stopped after "
                            + seen.size() + " pages."));
        }
        CompletableFuture<JsonNode> request = transport.get(uri, deadline());
        inFlight.set(request);
        return request.thenCompose(n -> {
            JsonNode results = n.isArray() ? n : n.get("results");
            if (results == null || !results.isArray()) {
                throw new SdeException.MalformedJson(200, "SD Elements' answer to GET " + uri.getRawPath()
                        + " has no 'results' list: is the URL that of SD Elements?");
            }
            results.forEach(r -> out.add(item.apply(r)));
            JsonNode next = n.isObject() ? n.get("next") : null;
            if (next == null || next.isNull() || next.asText().isEmpty()) {
                return CompletableFuture.completedFuture(null);
            }
            return page(nextPage(next.asText()), item, out, seen, inFlight);
        });
    }

    /**
     * The {@code next} link, re-rooted on our own scheme and port: servers behind a TLS proxy often write
     * {@code http://} links. A link to another host is refused, since the token would go with it.
     */
    private URI nextPage(String link) {
        URI next;
        try {
            next = apiRoot.resolve(link);
        } catch (IllegalArgumentException e) {
            throw new SdeException.MalformedJson(200, "SD Elements sent an unreadable next-page link.");
        }
        if (next.getHost() == null || !next.getHost().equalsIgnoreCase(apiRoot.getHost())) {
            throw new SdeException.MalformedJson(200, "SD Elements' next-page link points to another host ("
                    + next.getHost() + "); refusing to send the token there.");
        }
        return URI.create(apiRoot.getScheme() + "://" + apiRoot.getRawAuthority() + next.getRawPath()
                + (next.getRawQuery() == null ? "" : "?" + next.getRawQuery()));
    }

    @Override
    public String toString() { return "SdeClient[" + apiRoot + ", token=" + ApiToken.MASK + "]"; }

    /** Settings for a client. Only the URL and token are required. */
    public static final class Builder {
        private final String url;
        private final ApiToken token;
        private HttpClient httpClient;
        private Duration requestTimeout = Duration.ofSeconds(30);
        private Duration callTimeout = Duration.ofMinutes(2);
        private RetryPolicy retry = RetryPolicy.DEFAULT;
        private ScheduledExecutorService scheduler;
        private String proxyAuthorization;

        private Builder(String url, ApiToken token) {
            this.url = url;
            this.token = token;
        }

        /** The HTTP client to use, e.g. one from a proxy-aware builder. TLS verification must stay on. */
        public Builder httpClient(HttpClient c) { this.httpClient = Objects.requireNonNull(c); return this; }

        /** How long one HTTP exchange may take (default 30 s). */
        public Builder requestTimeout(Duration d) { this.requestTimeout = positive(d, "request timeout"); return this; }

        /** How long one call may take, retries included (default 2 min). */
        public Builder callTimeout(Duration d) { this.callTimeout = positive(d, "call timeout"); return this; }

        public Builder retryPolicy(RetryPolicy p) { this.retry = Objects.requireNonNull(p); return this; }

        /**
         * Credentials for an HTTP proxy that demands them, sent as {@code Proxy-Authorization} to the proxy the
         * HTTP client's selector picks, and to nothing else. Use this rather than an {@code Authenticator} on the
         * client: on Java 17+ that keeps the {@code Authorization} header from reaching SD Elements (JDK-8326949).
         */
        public Builder proxyCredentials(String user, String password) {
            this.proxyAuthorization = "Basic " + Base64.getEncoder().encodeToString(
                    (Objects.requireNonNull(user) + ":" + Objects.requireNonNullElse(password, "")).getBytes(StandardCharsets.UTF_8));
            return this;
        }

        /** The scheduler for polls and retry delays (default: the engine's shared one). */
        public Builder scheduler(ScheduledExecutorService s) { this.scheduler = Objects.requireNonNull(s); return this; }

        /** Without a client or scheduler of its own, the client uses the engine's shared ones. */
        public SdeClient build() {
            if (httpClient == null) {
                httpClient = EngineThreads.sharedHttpClient();
            }
            if (scheduler == null) {
                scheduler = EngineThreads.scheduler();
            }
            return new SdeClient(this);
        }

        private static Duration positive(Duration d, String what) {
            if (d == null || d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException("The " + what + " must be positive");
            }
            return d;
        }
    }
}
