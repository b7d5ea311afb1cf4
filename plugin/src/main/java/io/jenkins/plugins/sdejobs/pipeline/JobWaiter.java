package io.jenkins.plugins.sdejobs.pipeline;

import hudson.AbortException;
import hudson.model.Run;
import io.jenkins.plugins.sdejobs.FailedJobResult;
import io.jenkins.plugins.sdejobs.BuildLog;
import io.jenkins.plugins.sdejobs.JobResults;
import io.jenkins.plugins.sdejobs.Messages;
import io.jenkins.plugins.sdejobs.RiskGate;
import io.jenkins.plugins.sdejobs.SdeJobsAction;
import io.jenkins.plugins.sdejobs.config.SdeGlobalConfiguration;
import io.jenkins.plugins.sdejobs.engine.Futures;
import io.jenkins.plugins.sdejobs.engine.Job;
import io.jenkins.plugins.sdejobs.engine.JobRef;
import io.jenkins.plugins.sdejobs.engine.JobWatch;
import io.jenkins.plugins.sdejobs.engine.RiskCheck;
import io.jenkins.plugins.sdejobs.engine.SdeClient;
import io.jenkins.plugins.sdejobs.engine.WatchOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * What {@code sdeJob} and {@code sdeJobWait} share once the job exists: the deadline, the wait, its log lines, the
 * build page, and the step's outcome. Never saved: each execution keeps the plain fields it needs and makes one.
 */
final class JobWaiter {
    private final SdeExecution execution;
    private final SdeClient client;
    private final String serverName;
    private final long startedEpochMillis;
    private final FailedJobResult onFailure;
    /** After an import that succeeded, the check of the connection's project; null: none. */
    private final RiskGate riskGate;

    JobWaiter(SdeExecution execution, SdeClient client, String serverName, long startedEpochMillis, FailedJobResult onFailure) {
        this(execution, client, serverName, startedEpochMillis, onFailure, null);
    }

    JobWaiter(SdeExecution execution, SdeClient client, String serverName, long startedEpochMillis, FailedJobResult onFailure,
              RiskGate riskGate) {
        this.execution = execution;
        this.client = client;
        this.serverName = serverName;
        this.startedEpochMillis = startedEpochMillis;
        this.onFailure = onFailure;
        this.riskGate = riskGate;
    }

    /** What an execution saved: its {@code failedJobResult}, or, in a form saved before there was one, its {@code propagate}. */
    static FailedJobResult onFailure(String failedJobResult, boolean propagate) {
        return failedJobResult != null ? FailedJobResult.valueOf(failedJobResult)
                : propagate ? FailedJobResult.FAILURE : FailedJobResult.SUCCESS;
    }

    /** The one place a wait's deadline is set: {@code timeoutMillis} from now. */
    static long deadline(long timeoutMillis) { return System.currentTimeMillis() + timeoutMillis; }

    /**
     * Waits for {@code ref} until {@code deadlineEpochMillis}; {@code known} (may be null) is its state just read.
     * {@code status} hears each status change, for the step's status line. When the deadline has passed, the step
     * fails instead. The execution's {@code stop} cancels the wait.
     */
    void watch(JobRef ref, Job known, long deadlineEpochMillis, Consumer<String> status) {
        long left = deadlineEpochMillis - System.currentTimeMillis();
        if (left <= 0) {
            execution.fail(new AbortException(Messages.JobExecution_TimedOut(ref.kind().id(), Long.toString(ref.id()))));
            return;
        }
        WatchOptions options = SdeGlobalConfiguration.get().watchOptions(Duration.ofMillis(left))
                .withListener(new BuildLog(execution.listener(), startedEpochMillis) {
                    @Override
                    public void onStatusChange(Job job, Duration sinceWatchStarted) {
                        status.accept(job.status().label());
                        super.onStatusChange(job, sinceWatchStarted);
                    }
                });
        JobWatch w = known != null ? client.watch(known, options) : client.watch(ref, options);
        execution.track(w.result()); // cancelling the result cancels the wait
        execution.onComplete(w.result(), this::finished);
    }

    /**
     * The job as the step's result: the build page, the log's last line, and then, for a failed job, what
     * {@code failedJobResult} says: the step fails (FAILURE); the build and the step's node are marked unstable, as
     * the {@code unstable} step does, so stage views show that stage as unstable (UNSTABLE); or nothing more (SUCCESS).
     */
    private void finished(Job job) throws IOException, InterruptedException {
        record(job);
        log().finished(job);
        String failed = Messages.JobExecution_Failed(job.describe(), job.resultMessage());
        if (!job.succeeded() && onFailure == FailedJobResult.FAILURE) {
            execution.getContext().onFailure(new AbortException(failed));
            return;
        }
        if (!job.succeeded() && onFailure == FailedJobResult.UNSTABLE) {
            execution.markUnstable(failed);
            log().println(Messages.JobExecution_MarkedUnstable(failed));
        }
        if (job.succeeded() && riskGate != null) { // a failed import never reaches the check
            execution.onComplete(Futures.thenOnValue(client.projectOfAsync(job), project -> project == null
                    ? CompletableFuture.failedFuture(RiskGate.noProject(job)) : client.riskCheckAsync(project)), check -> checked(job, check));
            return;
        }
        execution.getContext().onSuccess(JobResults.toMap(job, serverName));
    }

    /** The step's answer after the import and the check: the job's Map, with the check's under {@code riskPolicy}. */
    private void checked(Job job, RiskCheck check) throws IOException, InterruptedException {
        SdeJobsAction.recordRisk(execution.getContext().get(Run.class), check, serverName, job.id());
        riskGate.apply(log(), check, execution::markUnstable);
        Map<String, Object> result = new LinkedHashMap<>(JobResults.toMap(job, serverName));
        result.put("riskPolicy", RiskGate.toMap(check));
        execution.getContext().onSuccess(result);
    }

    /** Shows {@code job} on the build page. */
    void record(Job job) { record(job, false); }

    /** Shows {@code job} on the build page, marked as joined when this step waited for it instead of starting one. */
    void record(Job job, boolean joined) {
        try {
            SdeJobsAction.record(execution.getContext().get(Run.class), job, serverName, client, joined);
        } catch (IOException | InterruptedException e) {
            log().println(Messages.JobExecution_CouldNotRecord(e.getClass().getSimpleName()));
        }
    }

    private BuildLog log() { return execution.log(startedEpochMillis); }
}
