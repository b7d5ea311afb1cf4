package io.jenkins.plugins.sdejobs.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A client for one SD Elements server and token: every Jobs endpoint for the three kinds, plus {@code users/me},
 * {@code connections/{kind}/} and {@code server-info/}, each asynchronous and blocking. Starting a job is
 * {@link JobStarter}'s; waiting is {@link PollGroup}'s, on the client's {@link SdeRuntime}. Thread-safe;
 * {@link #toString()} never shows the token.
 */
public final class SdeClient {
    private static final int PAGE_SIZE = 100;

    private final URI apiRoot;
    private final SdeRuntime runtime;
    private final Transport transport;
    private final Duration callTimeout;
    private final CallListener listener;
    private final boolean sharedPolls;
    /** Only to tell clients of the same token apart, for {@link PollGroup}; never shown. */
    private final String authorization;
    private final JobStarter starter = new JobStarter(this);

    private SdeClient(Builder b, CallListener listener) {
        this.apiRoot = BaseUrl.apiRoot(b.url);
        this.runtime = b.runtime != null ? b.runtime : SdeRuntime.defaultRuntime();
        this.transport = new Transport(runtime, Objects.requireNonNull(b.token, "token"), b.requestTimeout, b.retry,
                b.proxyAuthorization);
        this.callTimeout = b.callTimeout;
        this.listener = listener;
        this.sharedPolls = b.sharedPolls;
        this.authorization = b.token.authorization();
    }

    private SdeClient(SdeClient base, CallListener listener) {
        this.apiRoot = base.apiRoot;
        this.runtime = base.runtime;
        this.transport = base.transport;
        this.callTimeout = base.callTimeout;
        this.listener = listener;
        this.sharedPolls = base.sharedPolls;
        this.authorization = base.authorization;
    }

    /** {@code url} is the server as users type it: {@code https://sde.example.com}, with or without {@code /api/v2}. */
    public static Builder builder(String url, ApiToken token) { return new Builder(url, token); }

    /** The normalised API root, {@code https://host/api/v2/}. */
    public URI apiRoot() { return apiRoot; }

    /** Where one job lives in the API; a browser logged in to SD Elements shows it. */
    public URI jobUrl(JobRef job) { return jobsUri(job.kind()).resolve(job.id() + "/"); }

    // ---- jobs --------------------------------------------------------------------------------------

    /**
     * Starts a job: reads the connection's newest pending id ({@link #pendingSnapshotAsync}), then posts
     * {@code {connection, automatic, ready:false}}. The POST is repeated only when it surely never reached SD
     * Elements, or was refused with 429; when it failed after it may have acted, it is reconciled instead
     * ({@link #reconcileAsync}). The snapshot costs one GET while the connection has up to 100 pending jobs.
     */
    public CompletableFuture<Job> initiateAsync(JobKind kind, long connectionId, Trigger trigger) {
        return Futures.thenOnValue(pendingSnapshotAsync(kind, connectionId),
                before -> initiateAsync(kind, connectionId, trigger, before));
    }

    /** The snapshot a start reconciles against; {@link PendingSnapshot.Unknown} (never a failure) when unreadable. */
    public CompletableFuture<PendingSnapshot> pendingSnapshotAsync(JobKind kind, long connectionId) {
        return starter.snapshot(kind, connectionId);
    }

    /** Posts a job, for a caller that took and kept the snapshot itself (the Jenkins plugin, to reconcile after a restart). */
    public CompletableFuture<Job> initiateAsync(JobKind kind, long connectionId, Trigger trigger, PendingSnapshot before) {
        return starter.post(kind, connectionId, trigger, before);
    }

    /** Finds the job a POST created after its answer was lost ({@code cause}: why; null for a restart). */
    public CompletableFuture<Job> reconcileAsync(JobKind kind, long connectionId, PendingSnapshot before, SdeException cause) {
        return starter.reconcile(kind, connectionId, before, cause);
    }

    /** Records a finished job's result (the reference's "Post Results"). */
    public CompletableFuture<Job> recordResultAsync(JobKind kind, long connectionId, Outcome outcome, Trigger trigger) {
        ObjectNode body = JsonModel.MAPPER.createObjectNode().put("connection", connectionId)
                .put("result_message", outcome.message()).put("succeeded", outcome.succeeded())
                .put("automatic", trigger.automatic()).put("ready", true);
        return postJob(kind, body);
    }

    public CompletableFuture<Job> getJobAsync(JobRef job) { return getJobAsync(job, deadline()); }

    /** Every job matching {@code filter}, following {@code next} across all pages. */
    public CompletableFuture<List<Job>> listJobsAsync(JobKind kind, JobFilter filter) {
        return Pages.all(transport, apiRoot, listUri(kind, filter), n -> JsonModel.job(kind, n), deadline(), listener);
    }

    // ---- neighbours --------------------------------------------------------------------------------

    /** Who the token belongs to: the cheapest authenticated call, for "Test connection". */
    public CompletableFuture<User> meAsync() { return read(apiRoot.resolve("users/me/"), JsonModel::user); }

    /** The connections of one kind, for drop-downs and for checking a connection before triggering it. */
    public CompletableFuture<List<Connection>> connectionsAsync(JobKind kind) {
        return Pages.all(transport, apiRoot, apiRoot.resolve("connections/" + kind.id() + "/?page_size=" + PAGE_SIZE),
                JsonModel::connection, deadline(), listener);
    }

    public CompletableFuture<ServerInfo> serverInfoAsync() { return read(apiRoot.resolve("server-info/"), JsonModel::serverInfo); }

    // ---- waiting -----------------------------------------------------------------------------------

    /** Starts waiting for a job whose state is unknown: the first look goes out at once. See {@link JobWatch}. */
    public JobWatch watch(JobRef job, WatchOptions options) { return PollGroup.watch(this, job, options, null); }

    /**
     * Starts waiting for a job whose state was just read, typically the one {@link #initiateAsync} returned:
     * the first poll comes one interval later, not at once.
     */
    public JobWatch watch(Job job, WatchOptions options) { return PollGroup.watch(this, job.ref(), options, job); }

    /** Waits for a job in the calling thread. Interrupting the thread stops the wait at once. */
    public Job await(JobRef job, WatchOptions options) throws InterruptedException { return watch(job, options).await(); }

    // ---- blocking forms ----------------------------------------------------------------------------

    public Job initiate(JobKind kind, long connectionId, Trigger trigger) throws InterruptedException {
        return Futures.await(initiateAsync(kind, connectionId, trigger));
    }

    public Job recordResult(JobKind kind, long connectionId, Outcome outcome, Trigger trigger) throws InterruptedException {
        return Futures.await(recordResultAsync(kind, connectionId, outcome, trigger));
    }

    public Job getJob(JobRef job) throws InterruptedException { return Futures.await(getJobAsync(job)); }

    public List<Job> listJobs(JobKind kind, JobFilter filter) throws InterruptedException {
        return Futures.await(listJobsAsync(kind, filter));
    }

    public User me() throws InterruptedException { return Futures.await(meAsync()); }

    public List<Connection> connections(JobKind kind) throws InterruptedException { return Futures.await(connectionsAsync(kind)); }

    public ServerInfo serverInfo() throws InterruptedException { return Futures.await(serverInfoAsync()); }

    // ---- for JobStarter and PollGroup ----------------------------------------------------------------

    SdeRuntime runtime() { return runtime; }

    boolean sharesPolls() { return sharedPolls; }

    String authorization() { return authorization; }

    CallListener listener() { return listener; }

    /** A client like this one that tells {@code other} of its calls instead: a poll group's own, for its lists. */
    SdeClient withCallListener(CallListener other) { return new SdeClient(this, other); }

    CompletableFuture<Job> postJob(JobKind kind, ObjectNode body) {
        return Futures.map(transport.post(jobsUri(kind), body, deadline(), listener), a -> job(kind, a));
    }

    void adopted(JobKind kind, SdeException cause, Job job) {
        try {
            listener.onAdopted("POST " + jobsUri(kind).getRawPath(), cause, job);
        } catch (RuntimeException ignored) {
            // a listener must not change what the call does
        }
    }

    CompletableFuture<Job> getJobAsync(JobRef job, long deadline) {
        return Futures.map(transport.get(jobUrl(job), deadline, listener), a -> job(job.kind(), a));
    }

    /** The pending jobs of {@code kind} whose ids are in {@code ids}: every page of {@code ready=false}, those kept. */
    CompletableFuture<Map<Long, Job>> pendingAmong(JobKind kind, Set<Long> ids, long deadline) {
        return Pages.all(transport, apiRoot, listUri(kind, JobFilter.ALL.withReady(false)),
                        n -> ids.contains(n.path("id").asLong()) ? JsonModel.job(kind, n) : null, deadline, listener)
                .thenApply(jobs -> jobs.stream().collect(Collectors.toMap(Job::id, j -> j, (a, b) -> b)));
    }

    /** The deadline of one call inside a wait: the call timeout, but never past the wait's own end. */
    long deadlineWithin(long remainingNanos) {
        return runtime.ticker().nanoTime() + Math.min(remainingNanos, callTimeout.toNanos());
    }

    private long deadline() { return runtime.ticker().nanoTime() + callTimeout.toNanos(); }

    private <R> CompletableFuture<R> read(URI uri, Function<JsonNode, R> fn) {
        return Futures.map(transport.get(uri, deadline(), listener), a -> shaped(a, fn));
    }

    private static Job job(JobKind kind, Transport.Answer a) { return shaped(a, n -> JsonModel.job(kind, n)); }

    /** The answer's JSON read by {@code fn}; a shape error gets the answer's real status. */
    private static <R> R shaped(Transport.Answer a, Function<JsonNode, R> fn) {
        try {
            return fn.apply(a.json());
        } catch (SdeException.MalformedJson e) {
            throw e.status() != 0 ? e : new SdeException.MalformedJson(a.status(), e.getMessage());
        }
    }

    private URI jobsUri(JobKind kind) { return apiRoot.resolve("jobs/" + kind.id() + "/"); }

    private URI listUri(JobKind kind, JobFilter filter) {
        String q = filter.toQuery();
        return URI.create(jobsUri(kind) + "?page_size=" + PAGE_SIZE + (q.isEmpty() ? "" : "&" + q));
    }

    @Override
    public String toString() { return "SdeClient[" + apiRoot + ", token=" + ApiToken.MASK + "]"; }

    /** Settings for a client. Only the URL and token are required. */
    public static final class Builder {
        private final String url;
        private final ApiToken token;
        private SdeRuntime runtime;
        private Duration requestTimeout = Duration.ofSeconds(30);
        private Duration callTimeout = Duration.ofMinutes(2);
        private RetryPolicy retry = RetryPolicy.DEFAULT;
        private String proxyAuthorization;
        private CallListener listener = CallListener.NONE;
        private boolean sharedPolls = true;

        private Builder(String url, ApiToken token) {
            this.url = url;
            this.token = token;
        }

        /** The threads, HTTP client, clock and poll groups to use (default: {@link SdeRuntime#defaultRuntime()}). */
        public Builder runtime(SdeRuntime rt) { this.runtime = Objects.requireNonNull(rt); return this; }

        /** How long one HTTP exchange may take (default 30 s). */
        public Builder requestTimeout(Duration d) { this.requestTimeout = positive(d, "request timeout"); return this; }

        /** How long one call may take, retries included (default 2 min). */
        public Builder callTimeout(Duration d) { this.callTimeout = positive(d, "call timeout"); return this; }

        public Builder retryPolicy(RetryPolicy p) { this.retry = Objects.requireNonNull(p); return this; }

        /** Told of every retry, every call that gives up, and every job adopted after a lost answer (default: nobody). */
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

        /**
         * Whether this client's waits share one poll per server, token and kind with the other waits of its runtime
         * (default: yes; see {@link PollGroup}). Off: each wait polls its own job.
         */
        public Builder sharedPolls(boolean share) { this.sharedPolls = share; return this; }

        public SdeClient build() { return new SdeClient(this, listener); }

        private static Duration positive(Duration d, String what) {
            if (d == null || d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException("The " + what + " must be positive");
            }
            return d;
        }
    }
}
