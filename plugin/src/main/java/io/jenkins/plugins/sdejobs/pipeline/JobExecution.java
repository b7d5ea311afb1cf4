package io.jenkins.plugins.sdejobs.pipeline;

import hudson.AbortException;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.sdejobs.BuildLog;
import io.jenkins.plugins.sdejobs.JobResults;
import io.jenkins.plugins.sdejobs.Messages;
import io.jenkins.plugins.sdejobs.SdeJobsAction;
import io.jenkins.plugins.sdejobs.SdeJobsRuntime;
import io.jenkins.plugins.sdejobs.SdeTarget;
import io.jenkins.plugins.sdejobs.config.SdeGlobalConfiguration;
import io.jenkins.plugins.sdejobs.engine.Durations;
import io.jenkins.plugins.sdejobs.engine.Job;
import io.jenkins.plugins.sdejobs.engine.JobKind;
import io.jenkins.plugins.sdejobs.engine.JobWatch;
import io.jenkins.plugins.sdejobs.engine.SdeClient;
import io.jenkins.plugins.sdejobs.engine.SdeException;
import io.jenkins.plugins.sdejobs.engine.WatchOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import org.jenkinsci.plugins.workflow.steps.AbstractStepExecutionImpl;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * Starts a job (for {@code sdeJob}) or takes an existing one (for {@code sdeJobWait}) and waits for it without
 * a thread: the engine polls on the plugin's scheduler. Durable: the job id and deadline are saved before the
 * first poll, and after a controller restart {@link #onResume} waits again and never posts again. The token
 * is looked up by credential id each time and never saved here.
 */
public final class JobExecution extends AbstractStepExecutionImpl {
    private static final long serialVersionUID = 1L;

    private final JobKind kind;
    private final int connection;
    private final boolean wait;
    private final boolean propagate;
    private final boolean automatic;
    private final String server;
    private final String credentialsId;
    private final long timeoutMillis;
    /** Null until the server has answered the POST that created the job. */
    private Long jobId;
    private long deadlineEpochMillis;
    private long startedEpochMillis;
    private volatile String state = "starting";

    private transient volatile JobWatch watch;
    /** Set by {@link #stop}: an answer arriving later must not start polling for a step that has ended. */
    private transient volatile boolean stopped;
    private transient String serverName;

    JobExecution(StepContext context, SdeJobStep step) {
        this(context, step.kind(), step.getConnection(), null, step.isWait(), step.isPropagate(), step.isAutomatic(),
                step.getServer(), step.getCredentialsId(), SdeStep.timeout(step.getTimeout()));
    }

    JobExecution(StepContext context, SdeJobWaitStep step) {
        this(context, step.kind(), 0, step.getId(), true, step.isPropagate(), false, step.getServer(),
                step.getCredentialsId(), SdeStep.timeout(step.getTimeout()));
    }

    private JobExecution(StepContext context, JobKind kind, int connection, Long jobId, boolean wait, boolean propagate,
                         boolean automatic, String server, String credentialsId, Duration timeout) {
        super(context);
        this.kind = kind;
        this.connection = connection;
        this.jobId = jobId;
        this.wait = wait;
        this.propagate = propagate;
        this.automatic = automatic;
        this.server = server;
        this.credentialsId = credentialsId;
        this.timeoutMillis = SdeGlobalConfiguration.get().watchOptions(timeout).timeout().toMillis();
    }

    @Override
    public boolean start() throws Exception {
        startedEpochMillis = System.currentTimeMillis();
        SdeTarget target = target();
        if (jobId != null) { // sdeJobWait: the job exists already
            deadlineEpochMillis = startedEpochMillis + timeoutMillis;
            log().println(Messages.JobExecution_Waiting(kind, jobId, serverName));
            getContext().saveState().addListener(() -> watchFrom(target.client(), null), Runnable::run);
            return false;
        }
        state = "starting a " + kind.label() + " on connection " + connection;
        target.client().initiateAsync(kind, connection, automatic).whenComplete((job, error) -> {
            if (error != null) {
                fail(error);
                return;
            }
            started(target.client(), job);
        });
        return false;
    }

    private void started(SdeClient client, Job job) {
        jobId = job.id();
        if (stopped) {
            log().println(Messages.JobExecution_Stopped(kind, jobId));
            return;
        }
        deadlineEpochMillis = System.currentTimeMillis() + timeoutMillis;
        log().println(Messages.JobExecution_Started(job.describe(), serverName, client.jobUrl(kind, job.id())));
        record(client, job);
        if (!wait) {
            getContext().onSuccess(JobResults.toMap(job, serverName));
            return;
        }
        // The id must be on disk before the first poll, so a restart resumes this wait instead of posting again.
        getContext().saveState().addListener(() -> watchFrom(client, job), Runnable::run);
    }

    private void watchFrom(SdeClient client, Job known) {
        if (stopped) {
            return;
        }
        long left = deadlineEpochMillis - System.currentTimeMillis();
        if (left <= 0) {
            fail(new AbortException(Messages.JobExecution_TimedOut(kind, jobId)));
            return;
        }
        WatchOptions options = SdeGlobalConfiguration.get().watchOptions(Duration.ofMillis(left))
                .withListener(new BuildLog(listener()) {
                    @Override
                    public void onStatusChange(Job job, Duration elapsed) {
                        state = job.status().label();
                        super.onStatusChange(job, elapsed);
                    }
                });
        JobWatch w = known != null ? client.watch(known, options) : client.watch(kind, jobId, options);
        watch = w;
        if (stopped) {
            w.cancel(); // stop() ran between the check above and now
        }
        w.result().whenComplete((job, error) -> {
            if (error != null) {
                fail(error);
            } else {
                finished(client, job);
            }
        });
    }

    private void finished(SdeClient client, Job job) {
        record(client, job);
        String took = Durations.format(Duration.ofMillis(System.currentTimeMillis() - startedEpochMillis));
        log().println(Messages.JobExecution_Finished(job.describe(), job.status().label(), took,
                job.resultMessage().isEmpty() ? "" : ": " + job.resultMessage()));
        if (!job.succeeded() && propagate) {
            getContext().onFailure(new AbortException(Messages.JobExecution_Failed(job.describe(), job.resultMessage())));
        } else {
            getContext().onSuccess(JobResults.toMap(job, serverName));
        }
    }

    private void fail(Throwable error) {
        Throwable cause = SdeClient.unwrap(error);
        if (cause instanceof CancellationException || SdeJobsRuntime.isStopping()) {
            return; // stop() has already answered, or Jenkins is going down and onResume will
        }
        getContext().onFailure(cause instanceof SdeException ? new AbortException(cause.getMessage()) : cause);
    }

    @Override
    public void onResume() {
        if (jobId == null) {
            // The POST may or may not have reached the server; posting again could start a second job.
            getContext().onFailure(new AbortException(Messages.JobExecution_RestartedWhileStarting(kind, connection)));
            return;
        }
        try {
            SdeTarget target = target();
            log().println(Messages.JobExecution_Resumed(kind, jobId));
            watchFrom(target.client(), null);
        } catch (Exception e) {
            getContext().onFailure(e);
        }
    }

    @Override
    public void stop(Throwable cause) throws Exception {
        stopped = true;
        JobWatch w = watch;
        if (w != null) {
            w.cancel();
        }
        if (jobId != null) {
            log().println(Messages.JobExecution_Stopped(kind, jobId));
        }
        super.stop(cause);
    }

    @Override
    public String getStatus() {
        String elapsed = Durations.format(Duration.ofMillis(System.currentTimeMillis() - startedEpochMillis));
        return jobId == null ? state + ", " + elapsed : kind + " job " + jobId + ": " + state + ", " + elapsed + " elapsed";
    }

    private SdeTarget target() throws IOException, InterruptedException {
        SdeTarget target = SdeTarget.resolve(getContext().get(Run.class), server, credentialsId);
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

    private TaskListener listener() {
        try {
            return getContext().get(TaskListener.class);
        } catch (IOException | InterruptedException e) {
            return TaskListener.NULL;
        }
    }

    private BuildLog log() {
        return new BuildLog(listener());
    }
}
