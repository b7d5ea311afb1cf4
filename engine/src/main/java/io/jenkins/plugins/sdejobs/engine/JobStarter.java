package io.jenkins.plugins.sdejobs.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Starts a job so that it is never started twice: a snapshot of the connection's pending jobs, the POST, and, when
 * the POST failed after it may have acted, a reconciliation that finds the job it created instead of posting again.
 */
final class JobStarter {
    private final Endpoints api;

    JobStarter(Endpoints api) { this.api = api; }

    /** The connection's newest pending id; {@link PendingSnapshot#unknown()} (never a failure) when unreadable. */
    CompletableFuture<PendingSnapshot> snapshot(JobKind kind, long connectionId) {
        return Futures.map(api.listJobs(kind, JobFilter.ALL.withConnection(connectionId).withReady(false)),
                        jobs -> PendingSnapshot.known(jobs.stream().mapToLong(Job::id).max().orElse(0)))
                .exceptionally(error -> PendingSnapshot.unknown());
    }

    /** Posts the job; an outcome-unknown failure is reconciled against {@code before}. */
    CompletableFuture<Job> post(JobKind kind, long connectionId, Trigger trigger, PendingSnapshot before) {
        ObjectNode body = JsonModel.MAPPER.createObjectNode()
                .put("connection", connectionId).put("automatic", trigger.automatic()).put("ready", false);
        return Futures.then(api.postJob(kind, body), (job, error) -> {
            if (error == null) {
                return CompletableFuture.completedFuture(job);
            }
            if (error instanceof SdeException e && e.outcomeUnknown()) {
                return reconcile(kind, connectionId, before, e);
            }
            return CompletableFuture.failedFuture(error);
        });
    }

    /**
     * After a POST that may have created a job ({@code cause}; null when its answer was lost to a restart): the
     * connection's pending jobs above the snapshot that the token's user started. Exactly one is adopted (and
     * reported to the {@link CallListener}); anything else ends in {@link SdeException.Unconfirmed}, which says how
     * to check. A job that finished before this look is not found: that also ends as Unconfirmed.
     *
     * <p>Who started a job is read here, from each job ({@link Job#startedBy()}: {@code triggered_by} on 5.x
     * servers, {@code user} before), never left to the server's {@code user} filter, which on 5.x servers means
     * "run by" and matches the worker account instead.
     */
    CompletableFuture<Job> reconcile(JobKind kind, long connectionId, PendingSnapshot before, SdeException cause) {
        if (!(before instanceof PendingSnapshot.Known known)) {
            return CompletableFuture.failedFuture(unconfirmed(kind, connectionId, cause, new SdeException.Unconfirmed.Reason.NoSnapshot()));
        }
        CompletableFuture<List<Job>> pending = api.listJobs(kind, JobFilter.ALL.withConnection(connectionId).withReady(false));
        CompletableFuture<List<Job>> mine = api.me().thenCombine(pending,
                (me, jobs) -> jobs.stream().filter(j -> me.sameAs(j.startedBy())).toList());
        return Futures.then(mine, (jobs, error) -> {
            if (error != null) {
                pending.cancel(true);
                return CompletableFuture.failedFuture(unconfirmed(kind, connectionId, cause,
                        new SdeException.Unconfirmed.Reason.LookupFailed(Futures.unwrap(error).getMessage())));
            }
            List<Job> created = jobs.stream().filter(j -> j.id() > known.newestId()).toList();
            if (created.size() != 1) {
                return CompletableFuture.failedFuture(unconfirmed(kind, connectionId, cause, created.isEmpty()
                        ? new SdeException.Unconfirmed.Reason.NoneNew()
                        : new SdeException.Unconfirmed.Reason.SeveralNew(created.stream().map(Job::id).toList())));
            }
            api.adopted(kind, cause, created.get(0));
            return CompletableFuture.completedFuture(created.get(0));
        });
    }

    private static SdeException.Unconfirmed unconfirmed(JobKind kind, long connectionId, SdeException cause,
                                                        SdeException.Unconfirmed.Reason reason) {
        String what = cause == null ? "The answer to starting a " + kind + " job on connection " + connectionId + " was lost."
                : cause.getMessage();
        String found;
        if (reason instanceof SdeException.Unconfirmed.Reason.NoSnapshot) {
            found = "the connection's pending jobs could not be read before the POST, so no job can be told apart as this one";
        } else if (reason instanceof SdeException.Unconfirmed.Reason.LookupFailed r) {
            found = "looking for the job failed too (" + r.message() + ")";
        } else if (reason instanceof SdeException.Unconfirmed.Reason.SeveralNew r) {
            found = "several new pending " + kind + " jobs of this user are on connection " + connectionId + " ("
                    + String.join(", ", r.ids().stream().map(String::valueOf).toList()) + ")";
        } else {
            found = "none of this user's pending " + kind + " jobs on connection " + connectionId + " is new";
        }
        return new SdeException.Unconfirmed(what + " SD Elements may or may not have created the job: " + found
                + ". List connection " + connectionId + "'s " + kind + " jobs before starting one again.", cause, reason);
    }
}
