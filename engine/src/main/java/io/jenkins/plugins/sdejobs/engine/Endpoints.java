package io.jenkins.plugins.sdejobs.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The API's calls for one server and token, each one request (or one paged list) read into the model: what the
 * client, the job starter and the poll groups send. Every call has a deadline on the runtime's clock and tells
 * {@link #listener()} of its retries.
 */
final class Endpoints {
    private static final int PAGE_SIZE = 100;

    private final URI apiRoot;
    private final RuntimeParts parts;
    private final Transport transport;
    private final Duration callTimeout;
    private final CallListener listener;
    /** Only to tell clients of the same token apart, for poll groups; never shown. */
    private final String authorization;
    /**
     * Where this server lists ALM connections: {@code connections/alm/} until it answers 404, then, as on current
     * servers, {@code connections/issue-tracker/}. Learnt once per client.
     */
    private final AtomicReference<String> almConnections;

    Endpoints(URI apiRoot, RuntimeParts parts, Transport transport, Duration callTimeout, CallListener listener,
              String authorization) {
        this(apiRoot, parts, transport, callTimeout, listener, authorization, new AtomicReference<>(ALM_CONNECTIONS));
    }

    private Endpoints(URI apiRoot, RuntimeParts parts, Transport transport, Duration callTimeout, CallListener listener,
                      String authorization, AtomicReference<String> almConnections) {
        this.apiRoot = apiRoot;
        this.parts = parts;
        this.transport = transport;
        this.callTimeout = callTimeout;
        this.listener = listener;
        this.authorization = authorization;
        this.almConnections = almConnections;
    }

    private static final String ALM_CONNECTIONS = "connections/alm/";
    private static final String ISSUE_TRACKER_CONNECTIONS = "connections/issue-tracker/";

    /** The same calls, telling {@code other} of their retries instead: a poll group's own, for its lists. */
    Endpoints withListener(CallListener other) {
        return new Endpoints(apiRoot, parts, transport, callTimeout, other, authorization, almConnections);
    }

    URI apiRoot() { return apiRoot; }

    String authorization() { return authorization; }

    CallListener listener() { return listener; }

    RuntimeParts parts() { return parts; }

    URI jobUrl(JobRef job) { return jobsUri(job.kind()).resolve(job.id() + "/"); }

    CompletableFuture<Job> postJob(JobKind kind, ObjectNode body) {
        return Futures.map(transport.post(jobsUri(kind), body, deadline(), listener), a -> shaped(a, n -> JsonModel.job(kind, n)));
    }

    CompletableFuture<Job> getJob(JobRef job, long deadline) {
        return Futures.map(transport.get(jobUrl(job), deadline, listener), a -> shaped(a, n -> JsonModel.job(job.kind(), n)));
    }

    CompletableFuture<List<Job>> listJobs(JobKind kind, JobFilter filter) {
        return Pages.all(transport, apiRoot, listUri(kind, filter), n -> {
            Job j = JsonModel.job(kind, n);
            return filter.keeps(j) ? j : null;
        }, deadline(), listener);
    }

    /**
     * The pending jobs of {@code kind}: every page of {@code ready=false}, the records of those whose ids are in
     * {@code ids}, and each connection's newest pending id.
     */
    CompletableFuture<PendingList> pendingAmong(JobKind kind, Set<Long> ids, long deadline) {
        return Pages.all(transport, apiRoot, listUri(kind, JobFilter.ALL.withReady(false)), n -> PendingList.row(kind, n, ids),
                deadline, listener).thenApply(PendingList::of);
    }

    CompletableFuture<User> me() { return read(apiRoot.resolve("users/me/"), JsonModel::user); }

    /** The connections of {@code kind}, each with its last job when {@code lastJob}; ALM's where this server keeps them. */
    CompletableFuture<List<Connection>> connections(JobKind kind, boolean lastJob) {
        if (kind != JobKind.ALM) {
            return connections("connections/" + kind.id() + "/", lastJob);
        }
        String path = almConnections.get();
        return Futures.then(connections(path, lastJob), (list, error) -> {
            if (error == null) {
                return CompletableFuture.completedFuture(list);
            }
            if (Futures.unwrap(error) instanceof SdeException.NotFound && path.equals(ALM_CONNECTIONS)) {
                almConnections.set(ISSUE_TRACKER_CONNECTIONS); // a current server: ALM is "issue tracker" there
                return connections(ISSUE_TRACKER_CONNECTIONS, lastJob);
            }
            return CompletableFuture.failedFuture(error);
        });
    }

    private CompletableFuture<List<Connection>> connections(String path, boolean lastJob) {
        return Pages.all(transport, apiRoot, apiRoot.resolve(path + "?page_size=" + PAGE_SIZE + (lastJob ? "&include=last_job" : "")),
                JsonModel::connection, deadline(), listener);
    }

    CompletableFuture<Project> project(long id) { return read(apiRoot.resolve("projects/" + id + "/"), JsonModel::project); }

    /** Every project the token's user can see, every page. */
    CompletableFuture<List<Project>> projects() {
        return Pages.all(transport, apiRoot, apiRoot.resolve("projects/?page_size=" + PAGE_SIZE), JsonModel::project, deadline(), listener);
    }

    CompletableFuture<RiskPolicy> riskPolicy(long id) { return read(apiRoot.resolve("risk-policies/" + id + "/"), JsonModel::riskPolicy); }

    CompletableFuture<ServerInfo> serverInfo() { return read(apiRoot.resolve("server-info/"), JsonModel::serverInfo); }

    /** Tells the listener that a POST's job was found after its answer was lost. */
    void adopted(JobKind kind, SdeException cause, Job job) {
        try {
            listener.onAdopted("POST " + jobsUri(kind).getRawPath(), cause, job);
        } catch (RuntimeException ignored) {
            // a listener must not change what the call does
        }
    }

    /** The deadline of one call: the call timeout from now. */
    long deadline() { return parts.now() + callTimeout.toNanos(); }

    /** The deadline of one call inside a wait: the call timeout, but never past the wait's own end. */
    long deadlineWithin(long remainingNanos) { return parts.now() + Math.min(remainingNanos, callTimeout.toNanos()); }

    private <R> CompletableFuture<R> read(URI uri, Function<JsonNode, R> fn) {
        return Futures.map(transport.get(uri, deadline(), listener), a -> shaped(a, fn));
    }

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
}
