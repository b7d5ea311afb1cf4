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
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

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
    private final CallListener listener;
    private final LongSupplier nanoTime;
    private final boolean sharedPolls;
    /** Only to tell clients of the same token apart, for {@link SharedPoll}; never shown. */
    private final String authorization;
    private final DoubleSupplier jitter;

    private SdeClient(Builder b) {
        this.apiRoot = BaseUrl.apiRoot(b.url);
        this.callTimeout = b.callTimeout;
        this.scheduler = b.scheduler;
        this.transport = new Transport(b.httpClient, Objects.requireNonNull(b.token, "token"), b.requestTimeout,
                b.retry, b.scheduler, b.senders, b.proxyAuthorization, b.listener);
        this.listener = b.listener;
        this.nanoTime = b.nanoTime;
        this.sharedPolls = b.sharedPolls;
        this.authorization = b.token.authorization();
        this.jitter = b.jitter;
    }

    /** {@code url} is the server as users type it: {@code https://sde.example.com}, with or without {@code /api/v2}. */
    public static Builder builder(String url, ApiToken token) { return new Builder(url, token); }

    /** The normalised API root, {@code https://host/api/v2/}. */
    public URI apiRoot() { return apiRoot; }

    /** Where one job lives in the API; a browser logged in to SD Elements shows it. */
    public URI jobUrl(JobRef job) { return jobsUri(job.kind()).resolve(job.id() + "/"); }

    // ---- jobs --------------------------------------------------------------------------------------

    /**
     * Starts a job: posts {@code {connection, automatic, ready:false}}. The POST is repeated only when it surely
     * never reached SD Elements, or was refused with 429. When it fails after it may have acted (any 5xx, a
     * timeout, a dropped connection), it is reconciled instead: see {@link #reconcileAsync}. For that, the newest
     * pending job of the connection is read first ({@link #newestPendingIdAsync}): one GET more per start while the
     * connection has up to 100 pending jobs (usually none or one). If that read fails, the job is started all the
     * same, without a way to reconcile ({@link #NO_SNAPSHOT}).
     */
    public CompletableFuture<Job> initiateAsync(JobKind kind, long connectionId, Trigger trigger) {
        return then(newestPendingIdAsync(kind, connectionId),
                (before, error) -> initiateAsync(kind, connectionId, trigger, error == null ? before : NO_SNAPSHOT));
    }

    /**
     * For {@link #initiateAsync(JobKind, long, Trigger, long)} when the pending jobs could not be read before the
     * POST (a list that changed under its paging, say): the job is still started, but if its answer is then lost,
     * no job can be told apart as its own, and the outcome is {@link SdeException.Unconfirmed}.
     */
    public static final long NO_SNAPSHOT = Long.MAX_VALUE;

    /**
     * {@link #initiateAsync(JobKind, long, Trigger)} for a caller that read {@code newestPendingBefore} itself,
     * and kept it (as the Jenkins plugin does, so that it can reconcile after a restart, too).
     */
    public CompletableFuture<Job> initiateAsync(JobKind kind, long connectionId, Trigger trigger, long newestPendingBefore) {
        ObjectNode body = JsonModel.MAPPER.createObjectNode()
                .put("connection", connectionId).put("automatic", trigger.automatic()).put("ready", false);
        return then(map(transport.post(jobsUri(kind), body, deadline()), n -> JsonModel.job(kind, n)), (job, error) -> {
            Throwable cause = error == null ? null : Futures.unwrap(error);
            if (cause == null) {
                return CompletableFuture.completedFuture(job);
            }
            if (cause instanceof SdeException e && e.outcomeUnknown()) {
                return reconcileAsync(kind, connectionId, newestPendingBefore, e);
            }
            return CompletableFuture.failedFuture(cause);
        });
    }

    /**
     * The highest id among the connection's jobs that are not ready (0 if none). The API gives jobs no creation
     * time, but SD Elements numbers them in order, so a job created by a later POST has a higher id.
     */
    public CompletableFuture<Long> newestPendingIdAsync(JobKind kind, long connectionId) {
        return mapValue(listJobsAsync(kind, JobFilter.ALL.withConnection(connectionId).withReady(false)),
                jobs -> jobs.stream().mapToLong(Job::id).max().orElse(0));
    }

    /**
     * After a POST that may have created a job ({@code cause}; null when the answer was lost to a restart): the
     * token's user's pending jobs on the connection with an id above {@code newestPendingBefore}. Exactly one is
     * adopted (and reported to the {@link CallListener}); none or several end in {@link SdeException.Unconfirmed},
     * which says how to check. A job that finished before this look is not found: that also ends as Unconfirmed.
     */
    public CompletableFuture<Job> reconcileAsync(JobKind kind, long connectionId, long newestPendingBefore, SdeException cause) {
        String call = "POST " + jobsUri(kind).getRawPath();
        if (newestPendingBefore == NO_SNAPSHOT) { // nothing to compare with: any pending job could be an older one
            return CompletableFuture.failedFuture(unconfirmed(kind, connectionId, newestPendingBefore, cause, List.of(), null));
        }
        return then(meAsync(), (me, meError) -> meError != null ? CompletableFuture.failedFuture(
                        unconfirmed(kind, connectionId, newestPendingBefore, cause, List.of(), Futures.unwrap(meError)))
                : then(listJobsAsync(kind, JobFilter.ALL.withConnection(connectionId).withReady(false).withUser(me.email())),
                        (jobs, listError) -> {
                            if (listError != null) {
                                return CompletableFuture.failedFuture(unconfirmed(kind, connectionId, newestPendingBefore, cause, List.of(), Futures.unwrap(listError)));
                            }
                            List<Job> created = jobs.stream().filter(j -> j.id() > newestPendingBefore).toList();
                            if (created.size() != 1) {
                                return CompletableFuture.failedFuture(unconfirmed(kind, connectionId, newestPendingBefore, cause, created, null));
                            }
                            try {
                                listener.onAdopted(call, cause, created.get(0));
                            } catch (RuntimeException ignored) {
                                // a listener must not change what the call does
                            }
                            return CompletableFuture.completedFuture(created.get(0));
                        }));
    }

    private SdeException.Unconfirmed unconfirmed(JobKind kind, long connectionId, long newestPendingBefore,
                                                 SdeException cause, List<Job> candidates, Throwable lookupFailed) {
        String what = cause == null ? "The answer to starting a " + kind + " job on connection " + connectionId + " was lost."
                : cause.getMessage();
        String found = newestPendingBefore == NO_SNAPSHOT ? "the connection's pending jobs could not be read before the POST,"
                        + " so no job can be told apart as this one"
                : lookupFailed != null ? "looking for the job failed too (" + lookupFailed.getMessage() + ")"
                : candidates.isEmpty() ? "none of this user's pending " + kind + " jobs on connection " + connectionId + " is new"
                : "several new pending " + kind + " jobs of this user are on connection " + connectionId + " ("
                        + String.join(", ", candidates.stream().map(j -> Long.toString(j.id())).toList()) + ")";
        return new SdeException.Unconfirmed(what + " SD Elements may or may not have created the job: " + found
                + ". List connection " + connectionId + "'s " + kind + " jobs before starting one again.", cause);
    }

    /** Records a finished job's result (the reference's "Post Results"). */
    public CompletableFuture<Job> recordResultAsync(JobKind kind, long connectionId, Outcome outcome, Trigger trigger) {
        ObjectNode body = JsonModel.MAPPER.createObjectNode().put("connection", connectionId)
                .put("result_message", outcome.message()).put("succeeded", outcome.succeeded())
                .put("automatic", trigger.automatic()).put("ready", true);
        return map(transport.post(jobsUri(kind), body, deadline()), n -> JsonModel.job(kind, n));
    }

    public CompletableFuture<Job> getJobAsync(JobRef job) {
        return getJobAsync(job, deadline());
    }

    CompletableFuture<Job> getJobAsync(JobRef job, Instant deadline) {
        return map(transport.get(jobUrl(job), deadline), n -> JsonModel.job(job.kind(), n));
    }

    /** Every job matching {@code filter}, following {@code next} across all pages. */
    public CompletableFuture<List<Job>> listJobsAsync(JobKind kind, JobFilter filter) {
        return allPages(listUri(kind, filter), n -> JsonModel.job(kind, n));
    }

    private URI listUri(JobKind kind, JobFilter filter) {
        String q = filter.toQuery();
        return URI.create(jobsUri(kind) + "?page_size=" + PAGE_SIZE + (q.isEmpty() ? "" : "&" + q));
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
    public JobWatch watch(JobRef job, WatchOptions options) {
        return new JobWatch(this, job, options).start();
    }

    /**
     * Starts waiting for a job whose state was just read, typically the one {@link #initiateAsync} returned:
     * the first poll comes one interval later, not at once.
     */
    public JobWatch watch(Job job, WatchOptions options) {
        return new JobWatch(this, job.ref(), options).startFrom(job);
    }

    /** Waits for a job in the calling thread. Interrupting the thread stops the wait at once. */
    public Job await(JobRef job, WatchOptions options) throws InterruptedException {
        return watch(job, options).await();
    }

    // ---- blocking forms ----------------------------------------------------------------------------

    public Job initiate(JobKind kind, long connectionId, Trigger trigger) throws InterruptedException {
        return Futures.await(initiateAsync(kind, connectionId, trigger));
    }

    public Job recordResult(JobKind kind, long connectionId, Outcome outcome, Trigger trigger) throws InterruptedException {
        return Futures.await(recordResultAsync(kind, connectionId, outcome, trigger));
    }

    public Job getJob(JobRef job) throws InterruptedException {
        return Futures.await(getJobAsync(job));
    }

    public List<Job> listJobs(JobKind kind, JobFilter filter) throws InterruptedException {
        return Futures.await(listJobsAsync(kind, filter));
    }

    public User me() throws InterruptedException {
        return Futures.await(meAsync());
    }

    public List<Connection> connections(JobKind kind) throws InterruptedException {
        return Futures.await(connectionsAsync(kind));
    }

    public ServerInfo serverInfo() throws InterruptedException {
        return Futures.await(serverInfoAsync());
    }

    // ---- internals ---------------------------------------------------------------------------------

    ScheduledExecutorService scheduler() { return scheduler; }

    boolean sharesPolls() { return sharedPolls; }

    String authorization() { return authorization; }

    /**
     * The pending jobs of {@code kind} whose ids are in {@code ids}: every page of {@code ready=false} is read,
     * and only those jobs are kept.
     */
    CompletableFuture<Map<Long, Job>> pendingAmong(JobKind kind, Set<Long> ids, Instant deadline) {
        return allPages(listUri(kind, JobFilter.ALL.withReady(false)),
                n -> ids.contains(n.path("id").asLong()) ? JsonModel.job(kind, n) : null, deadline)
                .thenApply(jobs -> jobs.stream().collect(Collectors.toMap(Job::id, j -> j, (a, b) -> b)));
    }

    /** The clock that watches measure intervals, deadlines and heartbeats with. */
    long nanoTime() { return nanoTime.getAsLong(); }

    /** A draw in [0, 1) that spreads polls; tests fix it. */
    double jitter() { return jitter.getAsDouble(); }

    private Instant deadline() { return Instant.now().plus(callTimeout); }

    /** The deadline of one call inside a wait: the call timeout, but never past the wait's own end. */
    Instant deadlineFrom(Duration remaining) {
        return Instant.now().plus(remaining.compareTo(callTimeout) < 0 ? remaining : callTimeout);
    }

    /**
     * The answer's JSON read by {@code fn}; a shape error gets the answer's real status. Cancelling the result also
     * cancels {@code source} (and its retries).
     */
    private static <R> CompletableFuture<R> map(CompletableFuture<Transport.Answer> source, Function<JsonNode, R> fn) {
        return mapValue(source, a -> {
            try {
                return fn.apply(a.json());
            } catch (SdeException.MalformedJson e) {
                throw e.status() != 0 ? e : new SdeException.MalformedJson(a.status(), e.getMessage());
            }
        });
    }

    /** {@code source.thenApply(fn)}, except that cancelling the result also cancels {@code source}. */
    private static <T, R> CompletableFuture<R> mapValue(CompletableFuture<T> source, Function<T, R> fn) {
        CompletableFuture<R> out = source.thenApply(fn);
        out.whenComplete((r, e) -> {
            if (out.isCancelled()) {
                source.cancel(true);
            }
        });
        return out;
    }

    /**
     * {@code next} applied to {@code first}'s value or error, as one future: cancelling it cancels whichever of the
     * two is in flight.
     */
    private static <T, R> CompletableFuture<R> then(CompletableFuture<T> first,
                                                    BiFunction<T, Throwable, CompletableFuture<R>> next) {
        CompletableFuture<R> out = new CompletableFuture<>();
        AtomicReference<CompletableFuture<?>> current = new AtomicReference<>(first);
        first.whenComplete((value, error) -> {
            if (out.isDone()) {
                return;
            }
            CompletableFuture<R> second;
            try {
                second = next.apply(value, error);
            } catch (RuntimeException e) {
                out.completeExceptionally(e);
                return;
            }
            current.set(second);
            second.whenComplete((r, e) -> {
                if (e != null) {
                    out.completeExceptionally(Futures.unwrap(e));
                } else {
                    out.complete(r);
                }
            });
            if (out.isCancelled()) {
                second.cancel(true);
            }
        });
        out.whenComplete((r, e) -> {
            if (out.isCancelled()) {
                current.get().cancel(true);
            }
        });
        return out;
    }

    private URI jobsUri(JobKind kind) { return apiRoot.resolve("jobs/" + kind.id() + "/"); }

    /**
     * Every page from {@code first} on, as {@code item} maps them (null: left out); cancelling the result cancels
     * the page request in flight.
     */
    private <T> CompletableFuture<List<T>> allPages(URI first, Function<JsonNode, T> item) {
        return allPages(first, item, deadline());
    }

    private <T> CompletableFuture<List<T>> allPages(URI first, Function<JsonNode, T> item, Instant deadline) {
        List<T> out = new ArrayList<>();
        AtomicReference<CompletableFuture<Transport.Answer>> inFlight = new AtomicReference<>();
        CompletableFuture<List<T>> result = page(first, item, out, new HashSet<>(), inFlight, deadline)
                .thenApply(v -> List.copyOf(out));
        result.whenComplete((r, e) -> {
            CompletableFuture<Transport.Answer> p = inFlight.get();
            if (result.isCancelled() && p != null) {
                p.cancel(true);
            }
        });
        return result;
    }

    private <T> CompletableFuture<Void> page(URI uri, Function<JsonNode, T> item, List<T> out, Set<URI> seen,
                                             AtomicReference<CompletableFuture<Transport.Answer>> inFlight,
                                             Instant deadline) {
        if (!seen.add(uri) || seen.size() > MAX_PAGES) {
            return CompletableFuture.failedFuture(new SdeException.MalformedJson(0,
                    "SD Elements' page links loop or never end (at " + uri.getRawPath() + "); stopped after "
                            + seen.size() + " pages."));
        }
        CompletableFuture<Transport.Answer> request = transport.get(uri, deadline);
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
            return page(nextPage(next.asText(), a.status()), item, out, seen, inFlight, deadline);
        });
    }

    /**
     * The {@code next} link, re-rooted on our own scheme and port: servers behind a TLS proxy often write
     * {@code http://} links. A link to another host is refused, since the token would go with it.
     */
    private URI nextPage(String link, int status) {
        URI next;
        try {
            next = apiRoot.resolve(link);
        } catch (IllegalArgumentException e) {
            throw new SdeException.MalformedJson(status, "SD Elements sent an unreadable next-page link.");
        }
        if (next.getHost() == null || !next.getHost().equalsIgnoreCase(apiRoot.getHost())) {
            throw new SdeException.MalformedJson(status, "SD Elements' next-page link points to another host ("
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
        private ExecutorService senders;
        private String proxyAuthorization;
        private CallListener listener = CallListener.NONE;
        private LongSupplier nanoTime = System::nanoTime;
        private boolean sharedPolls = true;
        private DoubleSupplier jitter = () -> ThreadLocalRandom.current().nextDouble();

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

        /** Told of every retry and of every job adopted after a lost answer (default: nobody). */
        public Builder callListener(CallListener l) { this.listener = Objects.requireNonNull(l); return this; }

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

        /**
         * The threads that send requests, each waiting for its answer (default: the engine's four shared ones,
         * see {@link EngineThreads#newSenders}). Never the HTTP client's own executor.
         */
        public Builder senders(ExecutorService s) { this.senders = Objects.requireNonNull(s); return this; }

        /**
         * Whether this client's waits share one poll per server, token and kind with every other wait in this
         * JVM (default: yes; see {@code SharedPoll} in the docs). Off: each wait polls its own job.
         */
        public Builder sharedPolls(boolean share) { this.sharedPolls = share; return this; }

        /** For tests: a clock of their own, typically moved by a scheduler that runs each task at once. */
        Builder clock(LongSupplier nanoTime) { this.nanoTime = Objects.requireNonNull(nanoTime); return this; }

        /** For tests: a fixed jitter, so poll times are exact. */
        Builder jitter(DoubleSupplier jitter) { this.jitter = Objects.requireNonNull(jitter); return this; }

        /** Without a client or scheduler of its own, the client uses the engine's shared ones. */
        public SdeClient build() {
            if (httpClient == null) {
                httpClient = EngineThreads.sharedHttpClient();
            }
            if (scheduler == null) {
                scheduler = EngineThreads.scheduler();
            }
            if (senders == null) {
                senders = EngineThreads.senders();
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
