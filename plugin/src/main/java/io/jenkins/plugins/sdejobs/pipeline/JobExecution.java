package io.jenkins.plugins.sdejobs.pipeline;

import hudson.AbortException;
import hudson.model.Run;
import io.jenkins.plugins.sdejobs.BuildLog;
import io.jenkins.plugins.sdejobs.JobResults;
import io.jenkins.plugins.sdejobs.Messages;
import io.jenkins.plugins.sdejobs.SdeJobsAction;
import io.jenkins.plugins.sdejobs.SdeTarget;
import io.jenkins.plugins.sdejobs.config.SdeGlobalConfiguration;
import io.jenkins.plugins.sdejobs.engine.Trigger;
import io.jenkins.plugins.sdejobs.engine.Durations;
import io.jenkins.plugins.sdejobs.engine.Job;
import io.jenkins.plugins.sdejobs.engine.JobKind;
import io.jenkins.plugins.sdejobs.engine.JobRef;
import io.jenkins.plugins.sdejobs.engine.JobWatch;
import io.jenkins.plugins.sdejobs.engine.SdeClient;
import io.jenkins.plugins.sdejobs.engine.WatchOptions;
import java.io.IOException;
import java.time.Duration;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * Starts a job (for {@code sdeJob}) or takes an existing one (for {@code sdeJobWait}) and waits for it without
 * a thread: the engine polls on the plugin's scheduler. Durable: the job id and deadline are saved before the
 * first poll, and after a controller restart {@link #onResume} waits again and never posts again. The token
 * is looked up by credential id each time and never saved here. Only plain types are saved (the kind as its
 * API id), so renaming a class or constant of the engine cannot break the resume of a running build.
 */
public final class JobExecution extends SdeExecution {
    private static final long serialVersionUID = 1L;

    private final String kind;
    private final long connection;
    private final boolean wait;
    private final boolean propagate;
    private final boolean automatic;
    private final long timeoutMillis;
    /** Null until the server has answered the POST that created the job. */
    private Long jobId;
    /**
     * The newest pending job id of the connection just before the POST, saved before it goes out: after a restart
     * that lost the POST's answer, the job it created is the one above it. Null: no POST was sent yet.
     */
    private Long newestPendingBefore;
    private long deadlineEpochMillis;
    private long startedEpochMillis;
    private volatile String state = "starting";

    private transient volatile JobWatch watch;
    /** Set by {@link #stop}: an answer arriving later must not start polling for a step that has ended. */
    private transient volatile boolean stopped;
    /** From the start until the POST is answered: a safe restart waits, rather than leave the job's fate unknown. */
    private transient volatile boolean starting;
    private transient String serverName;

    JobExecution(StepContext context, SdeJobStep step) {
        this(context, step, step.getConnection(), null, step.isWait(), step.isAutomatic());
    }

    JobExecution(StepContext context, SdeJobWaitStep step) {
        this(context, step, 0, step.getId(), true, false);
    }

    private JobExecution(StepContext context, WaitingStep step, long connection, Long jobId, boolean wait,
                         boolean automatic) {
        super(context, step.getServer(), step.getCredentialsId());
        this.kind = step.kind().id();
        this.connection = connection;
        this.jobId = jobId;
        this.wait = wait;
        this.propagate = step.isPropagate();
        this.automatic = automatic;
        this.timeoutMillis = SdeGlobalConfiguration.get().watchOptions(SdeStep.timeout(step.getTimeout())).timeout().toMillis();
    }

    private JobKind kind() { return JobKind.parse(kind); }

    @Override
    public boolean start() {
        startedEpochMillis = System.currentTimeMillis();
        starting = jobId == null;
        inBackground(this::begin);
        return false;
    }

    private void begin() throws Exception {
        SdeClient client = resolve().client();
        if (jobId != null) { // sdeJobWait: the job exists already
            deadlineEpochMillis = startedEpochMillis + timeoutMillis;
            log().println(Messages.JobExecution_Waiting(kind, Long.toString(jobId), serverName));
            getContext().saveState().addListener(guarded(() -> watchFrom(client, null)), Runnable::run);
            return;
        }
        state = "starting a " + kind().label() + " on connection " + connection;
        client.newestPendingIdAsync(kind(), connection).whenComplete((before, error) -> guarded(() -> {
            // Unreadable: start all the same; only a lost answer could then not be reconciled.
            newestPendingBefore = error == null ? before : SdeClient.NO_SNAPSHOT;
            getContext().saveState().addListener(guarded(() -> post(client)), Runnable::run);
        }).run());
    }

    private void post(SdeClient client) {
        client.initiateAsync(kind(), connection, automatic ? Trigger.AUTOMATIC : Trigger.MANUAL, newestPendingBefore).whenComplete((job, error) -> guarded(() -> {
            starting = false;
            if (error != null) {
                fail(error);
            } else {
                started(client, job);
            }
        }).run());
    }

    private void started(SdeClient client, Job job) {
        jobId = job.id();
        if (stopped) {
            log().println(Messages.JobExecution_Stopped(kind, Long.toString(jobId)));
            return;
        }
        deadlineEpochMillis = System.currentTimeMillis() + timeoutMillis;
        log().println(Messages.JobExecution_Started(job.describe(), serverName, client.jobUrl(job.ref())));
        record(client, job);
        if (!wait) {
            getContext().onSuccess(JobResults.toMap(job, serverName));
            return;
        }
        // The id must be on disk before the first poll, so a restart resumes this wait instead of posting again.
        getContext().saveState().addListener(guarded(() -> watchFrom(client, job)), Runnable::run);
    }

    private void watchFrom(SdeClient client, Job known) {
        if (stopped) {
            return;
        }
        long left = deadlineEpochMillis - System.currentTimeMillis();
        if (left <= 0) {
            fail(new AbortException(Messages.JobExecution_TimedOut(kind, Long.toString(jobId))));
            return;
        }
        WatchOptions options = SdeGlobalConfiguration.get().watchOptions(Duration.ofMillis(left))
                .withListener(new BuildLog(listener(), startedEpochMillis) {
                    @Override
                    public void onStatusChange(Job job, Duration sinceWatchStarted) {
                        state = job.status().label();
                        super.onStatusChange(job, sinceWatchStarted);
                    }
                });
        JobWatch w = known != null ? client.watch(known, options) : client.watch(JobRef.of(kind(), jobId), options);
        watch = w;
        if (stopped) {
            w.cancel(); // stop() ran between the check above and now
        }
        w.result().whenComplete((job, error) -> guarded(() -> {
            if (error != null) {
                fail(error);
            } else {
                finished(client, job);
            }
        }).run());
    }

    private void finished(SdeClient client, Job job) {
        record(client, job);
        log().finished(job);
        if (!job.succeeded() && propagate) {
            getContext().onFailure(new AbortException(Messages.JobExecution_Failed(job.describe(), job.resultMessage())));
        } else {
            getContext().onSuccess(JobResults.toMap(job, serverName));
        }
    }

    @Override
    public void onResume() {
        if (jobId == null && newestPendingBefore == null) {
            inBackground(this::begin); // no POST went out before the restart: start now
            return;
        }
        if (jobId == null) { // the POST went out, its answer was lost: find the job it created, never post again
            inBackground(() -> {
                SdeClient client = resolve().client();
                log().println(Messages.JobExecution_RestartedWhileStarting(kind, Long.toString(connection)));
                client.reconcileAsync(kind(), connection, newestPendingBefore, null).whenComplete((job, error) -> guarded(() -> {
                    if (error != null) {
                        fail(error);
                    } else {
                        started(client, job);
                    }
                }).run());
            });
            return;
        }
        inBackground(() -> {
            SdeClient client = resolve().client();
            log().println(Messages.JobExecution_Resumed(kind, Long.toString(jobId)));
            watchFrom(client, null);
        });
    }

    /** True while the job-creating POST is unanswered: a safe restart then waits for the answer. */
    @Override
    public boolean blocksRestart() { return starting; }

    @Override
    public void stop(Throwable cause) throws Exception {
        stopped = true;
        JobWatch w = watch;
        if (w != null) {
            w.cancel();
        }
        if (jobId != null) {
            log().println(Messages.JobExecution_Stopped(kind, Long.toString(jobId)));
        }
        super.stop(cause);
    }

    @Override
    public String getStatus() {
        String elapsed = Durations.format(Duration.ofMillis(System.currentTimeMillis() - startedEpochMillis));
        return jobId == null ? state + ", " + elapsed : kind + " job " + jobId + ": " + state + ", " + elapsed + " elapsed";
    }

    private SdeTarget resolve() throws IOException, InterruptedException {
        SdeTarget target = target(log());
        serverName = target.server().getName();
        return target;
    }

    private void record(SdeClient client, Job job) {
        try {
            SdeJobsAction.record(getContext().get(Run.class), job, serverName, client);
        } catch (IOException | InterruptedException e) {
            log().println(Messages.JobExecution_CouldNotRecord(e.getClass().getSimpleName()));
        }
    }

    private BuildLog log() {
        return new BuildLog(listener(), startedEpochMillis);
    }
}
