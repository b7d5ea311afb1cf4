package io.jenkins.plugins.sdejobs.pipeline;

import io.jenkins.plugins.sdejobs.JobResults;
import io.jenkins.plugins.sdejobs.FailedJobResult;
import io.jenkins.plugins.sdejobs.Messages;
import io.jenkins.plugins.sdejobs.RiskGate;
import io.jenkins.plugins.sdejobs.SdeTarget;
import io.jenkins.plugins.sdejobs.config.SdeGlobalConfiguration;
import io.jenkins.plugins.sdejobs.engine.ConnectionNames;
import io.jenkins.plugins.sdejobs.engine.Durations;
import io.jenkins.plugins.sdejobs.engine.Job;
import io.jenkins.plugins.sdejobs.engine.JobKind;
import io.jenkins.plugins.sdejobs.engine.JobRef;
import io.jenkins.plugins.sdejobs.engine.PendingSnapshot;
import io.jenkins.plugins.sdejobs.engine.SdeClient;
import io.jenkins.plugins.sdejobs.engine.Trigger;
import io.jenkins.plugins.sdejobs.engine.User;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * {@code sdeJob}: starts a job and waits for it without a thread, in explicit phases, each saved before the next
 * begins (the {@code SleepStep} idiom: {@link #start} and {@link #onResume} both call {@link #advance}). After a
 * controller restart it carries on from the phase it saved, and never posts twice: a POST that went out before the
 * restart is reconciled from the saved snapshot. The token is looked up by credential id each time and never saved.
 * Only plain types are saved (the kind as its API id), so renaming a class of the engine cannot break a resume; the
 * field names are those of the first release, whose saved form {@link #migrate} reads.
 */
public final class JobExecution extends SdeExecution {
    private static final long serialVersionUID = 1L;
    /** What the first release saved in {@link #newestPendingBefore} when the pending jobs could not be read. */
    private static final long FIRST_RELEASE_NO_SNAPSHOT = Long.MAX_VALUE;

    /** How far the start has come. */
    enum Phase {
        /** Nothing sent that matters: the connection's alias is looked up, if it has one, and the snapshot is taken. */
        NEW,
        /** The snapshot is on disk: the POST goes out next (or, after a restart, is reconciled). */
        SNAPSHOT_SAVED,
        /** The job exists and its id is on disk: it is watched next. */
        POSTED,
        /** The job is being watched. */
        WATCHING
    }

    private final String kind;
    /** The connection as the script named it, an id or an alias; null in forms saved before aliases. */
    private final String connectionName;
    /**
     * The connection's id: 0 until an alias is resolved, in {@link Phase#NEW}, and saved with the snapshot, so a
     * resumed build never looks it up again. 0 in a first-release {@code sdeJobWait}, which was this class too.
     */
    private long connection;
    private final boolean wait;
    private final boolean propagate;
    /** A {@link io.jenkins.plugins.sdejobs.FailedJobResult}'s name; null in forms saved before it, where propagate says. */
    private final String failedJobResult;
    private final boolean automatic;
    /** {@code whenPending: 'join'}: wait for the connection's newest pending job of the kind, if any, instead of posting. */
    private final boolean join;
    /** A {@link FailedJobResult}'s name: check the connection's project after the import; null: no check. */
    private final String riskPolicy;
    /** From {@link Phase#POSTED} on: the job was pending already, and this step joined it. */
    private boolean joined;
    /** Whether the script gave {@code propagate}: it means nothing with {@code wait: false}, which is said. */
    private final boolean propagateGiven;
    private final long timeoutMillis;
    /** From {@link Phase#POSTED} on. */
    private Long jobId;
    /** From {@link Phase#SNAPSHOT_SAVED} on: the newest pending id before the POST; null when it could not be read. */
    private Long newestPendingBefore;
    /** From {@link Phase#POSTED} on. */
    private long deadlineEpochMillis;
    private long startedEpochMillis;
    private volatile String state = "starting";
    /** Null only in a form the first release saved. */
    private Phase phase = Phase.NEW;

    /** From {@link #onResume} until the phase changes: the phase was saved before a restart. */
    private transient volatile boolean resumed;
    /** While the job-creating POST is unanswered: a safe restart waits, rather than leave the job's fate unknown. */
    private transient volatile boolean starting;
    /** Looked up (credentials included) once per session, by {@link #client()}. */
    private transient volatile SdeClient client;
    private transient volatile String serverName;

    /** For {@code step}'s kind, server, credentials, propagate and timeout, and its own connection (id or alias) and flags. */
    JobExecution(StepContext context, WaitingStep step, String connection, boolean wait, boolean automatic, boolean join,
            String riskPolicy) {
        super(context, step.getServer(), step.getCredentialsId());
        this.kind = step.kind().id();
        this.connectionName = connection;
        this.connection = ConnectionNames.id(connection).orElse(0);
        this.wait = wait;
        this.propagate = step.isPropagate();
        this.failedJobResult = step.failedJobOutcome().name();
        this.automatic = automatic;
        this.join = join;
        this.riskPolicy = riskPolicy;
        this.propagateGiven = step.isPropagateGiven();
        this.timeoutMillis = SdeGlobalConfiguration.get().watchOptions(SdeStep.timeout(step.getTimeout())).timeout().toMillis();
    }

    private JobKind kind() { return JobKind.parse(kind); }

    @Override
    public boolean start() {
        startedEpochMillis = System.currentTimeMillis();
        if (!wait && propagateGiven) {
            log(startedEpochMillis).println(Messages.JobExecution_PropagateWithoutWait());
        }
        starting = true;
        inBackground(this::advance);
        return false;
    }

    @Override
    public void onResume() {
        migrate();
        resumed = true;
        starting = phase == Phase.SNAPSHOT_SAVED;
        inBackground(this::advance);
    }

    /** Does what the current phase calls for; each phase ends by saving and calling this again, or by watching. */
    private void advance() throws Exception {
        if (isStopped()) {
            return; // aborted: start nothing, poll nothing
        }
        SdeClient client = client();
        switch (phase) {
            case NEW -> {
                if (connection == 0) { // an alias: looked up once, before anything is posted
                    state = "looking up connection '" + connectionName + "'";
                    onComplete(client.connectionIdAsync(kind(), connectionName), id -> {
                        connection = id;
                        log(startedEpochMillis).println(Messages.JobExecution_ConnectionNamed(connectionName, kind, Long.toString(id)));
                        advance();
                    });
                    return;
                }
                state = "starting a " + kind().label() + " on connection " + connection;
                if (join) { // one list: the pending job to wait for, or, when there is none, the snapshot for the POST
                    onComplete(client.newestPendingAsync(kind(), connection), pending -> {
                        if (pending.isPresent()) {
                            posted(client, pending.get(), true);
                            return;
                        }
                        newestPendingBefore = 0L;
                        enter(Phase.SNAPSHOT_SAVED);
                        afterSave(this::advance);
                    });
                    return;
                }
                onComplete(client.pendingSnapshotAsync(kind(), connection), snapshot -> {
                    newestPendingBefore = snapshot instanceof PendingSnapshot.Known k ? k.newestId() : null;
                    enter(Phase.SNAPSHOT_SAVED);
                    afterSave(this::advance); // on disk before the POST goes out
                });
            }
            case SNAPSHOT_SAVED -> {
                PendingSnapshot before = newestPendingBefore == null ? PendingSnapshot.unknown() : PendingSnapshot.known(newestPendingBefore);
                CompletableFuture<Job> job;
                if (resumed) { // the POST went out before the restart and its answer was lost: find its job
                    log(startedEpochMillis).println(Messages.JobExecution_RestartedWhileStarting(kind, Long.toString(connection)));
                    job = client.reconcileAsync(kind(), connection, before, null);
                } else {
                    job = client.initiateAsync(kind(), connection, Trigger.of(automatic), before);
                }
                job.whenComplete((j, e) -> starting = false);
                onComplete(job, j -> posted(client, j, false));
            }
            case POSTED, WATCHING -> {
                if (resumed) {
                    log(startedEpochMillis).println(Messages.JobExecution_Resumed(kind, Long.toString(jobId)));
                }
                if (wait) {
                    watch(client, null);
                } else { // saved just before the restart: the step's answer is the job as it is now
                    onComplete(client.getJobAsync(JobRef.of(kind(), jobId)), j -> getContext().onSuccess(JobResults.toMap(j, serverName)));
                }
            }
        }
    }

    /** A new phase of this session: no longer the one a restart left. */
    private void enter(Phase next) {
        phase = next;
        resumed = false;
    }

    /** The job this step waits for from now on: the one its POST created, or ({@code joined}) one already pending. */
    private void posted(SdeClient client, Job job, boolean joined) {
        jobId = job.id();
        deadlineEpochMillis = JobWaiter.deadline(timeoutMillis);
        this.joined = joined;
        enter(Phase.POSTED);
        if (isStopped()) {
            log(startedEpochMillis).println(Messages.JobExecution_Stopped(kind, Long.toString(jobId)));
            return;
        }
        User startedBy = job.startedBy(); // read once: spotbugs cannot know the accessor is stable
        log(startedEpochMillis).println(joined
                ? Messages.JobExecution_Joined(job.describe(), serverName,
                        startedBy == null ? "unknown" : startedBy.display(), client.jobUrl(job.ref()))
                : Messages.JobExecution_Started(job.describe(), serverName, client.jobUrl(job.ref())));
        waiter(client).record(job, joined);
        if (!wait) {
            getContext().onSuccess(JobResults.toMap(job, serverName));
            return;
        }
        afterSave(() -> watch(client, job)); // the id on disk before the first poll: a restart then waits, never posts
    }

    private void watch(SdeClient client, Job known) {
        if (isStopped()) {
            return;
        }
        enter(Phase.WATCHING);
        waiter(client).watch(JobRef.of(kind(), jobId), known, deadlineEpochMillis, s -> state = s);
    }

    /**
     * The first release saved no phase: it is read from the fields that release kept. Its {@code sdeJobWait} (this
     * class, with connection 0) has a job id, so it is watched; a deadline it never set is set now.
     */
    private void migrate() {
        if (phase != null) {
            return;
        }
        if (jobId != null) {
            phase = Phase.POSTED;
            if (deadlineEpochMillis == 0) {
                deadlineEpochMillis = JobWaiter.deadline(timeoutMillis);
            }
        } else if (newestPendingBefore == null) {
            phase = Phase.NEW;
        } else {
            phase = Phase.SNAPSHOT_SAVED;
            if (newestPendingBefore == FIRST_RELEASE_NO_SNAPSHOT) {
                newestPendingBefore = null;
            }
        }
    }

    @Override
    public boolean blocksRestart() { return starting; }

    @Override
    public void stop(Throwable cause) throws Exception {
        if (jobId != null) {
            log(startedEpochMillis).println(Messages.JobExecution_Stopped(kind, Long.toString(jobId)));
        }
        super.stop(cause);
    }

    @Override
    public String getStatus() {
        String elapsed = Durations.format(Duration.ofMillis(System.currentTimeMillis() - startedEpochMillis));
        return jobId == null ? state + ", " + elapsed : kind + " job " + jobId + ": " + state + ", " + elapsed + " elapsed";
    }

    private SdeClient client() throws IOException, InterruptedException {
        if (client == null) {
            SdeTarget target = target(log(startedEpochMillis));
            serverName = target.server().getName();
            client = target.client();
        }
        return client;
    }

    private JobWaiter waiter(SdeClient client) {
        return new JobWaiter(this, client, serverName, startedEpochMillis, JobWaiter.onFailure(failedJobResult, propagate),
                riskPolicy == null ? null : RiskGate.afterImport(FailedJobResult.valueOf(riskPolicy)));
    }
}
