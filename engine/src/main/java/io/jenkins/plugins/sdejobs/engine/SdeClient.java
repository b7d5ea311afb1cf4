package io.jenkins.plugins.sdejobs.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A client for one SD Elements server and token: every Jobs endpoint for the three kinds, plus {@code users/me},
 * {@code connections/{kind}/} and {@code server-info/}, each asynchronous and blocking. A facade: the calls are
 * {@link Endpoints}', starting a job is {@link JobStarter}'s, waiting is its {@link SdeRuntime}'s poll groups'.
 * Thread-safe; {@link #toString()} never shows the token.
 */
public final class SdeClient {
    private final SdeRuntime runtime;
    private final Endpoints api;
    private final JobStarter starter;
    private final boolean sharedPolls;

    private SdeClient(Builder b) {
        this.runtime = b.runtime != null ? b.runtime : SdeRuntime.defaultRuntime();
        Transport transport = new Transport(runtime.parts(), Objects.requireNonNull(b.token, "token"), b.requestTimeout,
                b.retry, b.proxyAuthorization);
        this.api = new Endpoints(BaseUrl.apiRoot(b.url), runtime.parts(), transport, b.callTimeout, b.listener,
                b.token.authorization());
        this.starter = new JobStarter(api);
        this.sharedPolls = b.sharedPolls;
    }

    /** {@code url} is the server as users type it: {@code https://sde.example.com}, with or without {@code /api/v2}. */
    public static Builder builder(String url, ApiToken token) { return new Builder(url, token); }

    /** The normalised API root, {@code https://host/api/v2/}. */
    public URI apiRoot() { return api.apiRoot(); }

    /** Where one job lives in the API; a browser logged in to SD Elements shows it. */
    public URI jobUrl(JobRef job) { return api.jobUrl(job); }

    // ---- jobs --------------------------------------------------------------------------------------

    /**
     * Starts a job: reads the connection's newest pending id ({@link #pendingSnapshotAsync}), then posts
     * {@code {connection, automatic, ready:false}}. The POST is repeated only when it surely never reached SD
     * Elements, or was refused with 429; when it failed after it may have acted, it is reconciled instead
     * ({@link #reconcileAsync}). The snapshot costs one GET while the connection has up to 100 pending jobs, or
     * none while a shared poll of this kind is active.
     */
    public CompletableFuture<Job> initiateAsync(JobKind kind, long connectionId, Trigger trigger) {
        return Futures.thenOnValue(pendingSnapshotAsync(kind, connectionId),
                before -> initiateAsync(kind, connectionId, trigger, before));
    }

    /**
     * The snapshot a start reconciles against; {@link PendingSnapshot.Unknown} (never a failure) when unreadable.
     * While waits of this kind share a poll on this server and token, it comes from the poll's next round, without
     * a request of its own.
     */
    public CompletableFuture<PendingSnapshot> pendingSnapshotAsync(JobKind kind, long connectionId) {
        return runtime.groups().snapshot(api, sharedPolls, kind, connectionId, () -> starter.snapshot(kind, connectionId));
    }

    /** Posts a job, for a caller that took and kept the snapshot itself (the Jenkins plugin, to reconcile after a restart). */
    public CompletableFuture<Job> initiateAsync(JobKind kind, long connectionId, Trigger trigger, PendingSnapshot before) {
        return starter.post(kind, connectionId, trigger, before);
    }

    /** Finds the job a POST created after its answer was lost ({@code cause}: why; null for a restart). */
    public CompletableFuture<Job> reconcileAsync(JobKind kind, long connectionId, PendingSnapshot before, SdeException cause) {
        return starter.reconcile(kind, connectionId, before, cause);
    }

    /**
     * The connection's newest pending job of {@code kind} (the highest id among those not ready), or empty when none
     * is pending: what a start that would rather join a queued job than add one waits for instead
     * ({@code whenPending: 'join'}). When empty, {@code PendingSnapshot.known(0)} is the snapshot for the POST.
     */
    public CompletableFuture<Optional<Job>> newestPendingAsync(JobKind kind, long connectionId) {
        return Futures.map(api.listJobs(kind, JobFilter.ALL.withConnection(connectionId).withReady(false)),
                jobs -> jobs.stream().max(java.util.Comparator.comparingLong(Job::id)));
    }

    /** Records a finished job's result (the reference's "Post Results"). */
    public CompletableFuture<Job> recordResultAsync(JobKind kind, long connectionId, Outcome outcome, Trigger trigger) {
        ObjectNode body = JsonModel.MAPPER.createObjectNode().put("connection", connectionId)
                .put("result_message", outcome.message()).put("succeeded", outcome.succeeded())
                .put("automatic", trigger.automatic()).put("ready", true);
        return api.postJob(kind, body);
    }

    public CompletableFuture<Job> getJobAsync(JobRef job) { return api.getJob(job, api.deadline()); }

    /** Every job matching {@code filter}, following {@code next} across all pages. */
    public CompletableFuture<List<Job>> listJobsAsync(JobKind kind, JobFilter filter) { return api.listJobs(kind, filter); }

    /** Who the token belongs to: the cheapest authenticated call, for "Test connection". */
    public CompletableFuture<User> meAsync() { return api.me(); }

    /**
     * The connections of one kind, for drop-downs and for checking a connection before triggering it. ALM
     * connections are read from {@code connections/alm/}, or, where that answers 404 (current servers), from
     * {@code connections/issue-tracker/}, which this client then keeps using.
     */
    public CompletableFuture<List<Connection>> connectionsAsync(JobKind kind) { return api.connections(kind, false); }

    /** {@link #connectionsAsync}, each with its newest job ({@code include=last_job}). */
    public CompletableFuture<List<Connection>> connectionsWithLastJobAsync(JobKind kind) { return api.connections(kind, true); }

    /**
     * The id of the connection that {@code idOrAlias} names: a number is taken as the id (no request); anything
     * else is looked up among the connections of {@code kind}, exact alias first, then a unique case-insensitive
     * one. None or several fail with {@link SdeException.NameUnresolved}, whose one line lists what the token can
     * see, or names the ids. Blank or non-positive: {@link IllegalArgumentException}, before anything is sent.
     */
    public CompletableFuture<Long> connectionIdAsync(JobKind kind, String idOrAlias) {
        if (idOrAlias == null || idOrAlias.isBlank()) {
            throw new IllegalArgumentException("Give a connection's id or its alias (its name in SD Elements)");
        }
        java.util.OptionalLong id = ConnectionNames.id(idOrAlias);
        if (id.isPresent()) {
            return CompletableFuture.completedFuture(id.getAsLong());
        }
        return Futures.map(api.connections(kind, false), all -> ConnectionNames.resolve(kind, idOrAlias, all).id());
    }

    public CompletableFuture<ServerInfo> serverInfoAsync() { return api.serverInfo(); }

    /** One project, with its risk-policy compliance ({@code GET projects/{id}/}). */
    public CompletableFuture<Project> getProjectAsync(long id) { return api.project(id); }

    /** A risk policy's name and conditions ({@code GET risk-policies/{id}/}). */
    public CompletableFuture<RiskPolicy> riskPolicyAsync(long id) { return api.riskPolicy(id); }

    /**
     * The id of the project that {@code idOrName} names: a number is taken as the id (no request); anything else is
     * looked up among the projects the token can see (every page), exact name first, then a unique
     * case-insensitive one. None or several fail with {@link SdeException.NameUnresolved}, in one line.
     */
    public CompletableFuture<Long> projectIdAsync(String idOrName) {
        if (idOrName == null || idOrName.isBlank()) {
            throw new IllegalArgumentException("Give a project's id or its name in SD Elements");
        }
        java.util.OptionalLong id = ProjectNames.id(idOrName);
        if (id.isPresent()) {
            return CompletableFuture.completedFuture(id.getAsLong());
        }
        return Futures.map(api.projects(), all -> Names.resolve(new Names.Thing("project", "projects", "the project's id",
                "with a name"), idOrName, all, Project::name, Project::id).id());
    }

    /**
     * What a gate reads: the project as it is now, and its risk policy when the project names one. A policy that
     * the token may not read (403) or that is gone (404) leaves {@link RiskCheck#policy()} null; the project's own
     * answer decides the gate.
     */
    public CompletableFuture<RiskCheck> riskCheckAsync(long projectId) {
        return Futures.thenOnValue(api.project(projectId), project -> {
            if (project.riskPolicy() == null) {
                return CompletableFuture.completedFuture(new RiskCheck(project, null));
            }
            return Futures.then(api.riskPolicy(project.riskPolicy()), (policy, error) -> {
                Throwable cause = error == null ? null : Futures.unwrap(error);
                if (cause instanceof SdeException.AccessDenied || cause instanceof SdeException.NotFound) {
                    return CompletableFuture.completedFuture(new RiskCheck(project, null));
                }
                return error != null ? CompletableFuture.failedFuture(cause) : CompletableFuture.completedFuture(new RiskCheck(project, policy));
            });
        });
    }

    /**
     * The project {@code job}'s connection belongs to: from the job's record where it names it, else from the
     * listing of its kind's connections; null when the connection names none.
     */
    public CompletableFuture<Long> projectOfAsync(Job job) {
        Connection c = job.connection();
        Long project = c == null ? null : c.project();
        if (project != null || c == null) {
            return CompletableFuture.completedFuture(project);
        }
        return Futures.map(api.connections(job.kind(), false), all -> all.stream().filter(x -> x.id() == c.id())
                .map(Connection::project).filter(Objects::nonNull).findFirst().orElse(null));
    }

    public Project getProject(long id) throws InterruptedException { return Futures.await(getProjectAsync(id)); }

    public RiskCheck riskCheck(long projectId) throws InterruptedException { return Futures.await(riskCheckAsync(projectId)); }

    // ---- waiting -----------------------------------------------------------------------------------

    /** Starts waiting for a job whose state is unknown: the first look goes out at once. See {@link JobWatch}. */
    public JobWatch watch(JobRef job, WatchOptions options) { return runtime.groups().watch(api, sharedPolls, job, options, null); }

    /**
     * Starts waiting for a job whose state was just read, typically the one {@link #initiateAsync} returned:
     * the first poll comes one interval later, not at once.
     */
    public JobWatch watch(Job job, WatchOptions options) {
        return runtime.groups().watch(api, sharedPolls, job.ref(), options, job);
    }

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

    public long connectionId(JobKind kind, String idOrAlias) throws InterruptedException {
        return Futures.await(connectionIdAsync(kind, idOrAlias));
    }

    public ServerInfo serverInfo() throws InterruptedException { return Futures.await(serverInfoAsync()); }

    @Override
    public String toString() { return "SdeClient[" + api.apiRoot() + ", token=" + ApiToken.MASK + "]"; }

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

        public SdeClient build() { return new SdeClient(this); }

        private static Duration positive(Duration d, String what) {
            if (d == null || d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException("The " + what + " must be positive");
            }
            return d;
        }
    }
}
