package io.jenkins.plugins.sdejobs.pipeline;

import io.jenkins.plugins.sdejobs.Messages;
import io.jenkins.plugins.sdejobs.SdeTarget;
import io.jenkins.plugins.sdejobs.config.SdeGlobalConfiguration;
import io.jenkins.plugins.sdejobs.engine.Durations;
import io.jenkins.plugins.sdejobs.engine.JobKind;
import io.jenkins.plugins.sdejobs.engine.JobRef;
import java.time.Duration;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * {@code sdeJobWait}: waits for a job that exists already. Nothing is posted, so it has one phase: its deadline is
 * set in {@link #start}, before anything else, and a restart simply waits again until that deadline.
 */
final class WaitExecution extends SdeExecution {
    private static final long serialVersionUID = 1L;

    private final String kind;
    private final long id;
    private final boolean propagate;
    /** A {@link io.jenkins.plugins.sdejobs.FailedJobResult}'s name; null in forms saved before it, where propagate says. */
    private final String failedJobResult;
    private final long timeoutMillis;
    private long deadlineEpochMillis;
    private long startedEpochMillis;
    private volatile String state = "waiting";


    /** For {@code step}'s kind, server, credentials, propagate and timeout, and job {@code id}. */
    WaitExecution(StepContext context, WaitingStep step, long id) {
        super(context, step.getServer(), step.getCredentialsId());
        this.kind = step.kind().id();
        this.id = id;
        this.propagate = step.isPropagate();
        this.failedJobResult = step.failedJobOutcome().name();
        this.timeoutMillis = SdeGlobalConfiguration.get().watchOptions(SdeStep.timeout(step.getTimeout())).timeout().toMillis();
    }

    @Override
    public boolean start() {
        startedEpochMillis = System.currentTimeMillis();
        deadlineEpochMillis = JobWaiter.deadline(timeoutMillis);
        inBackground(() -> advance(false));
        return false;
    }

    @Override
    public void onResume() { inBackground(() -> advance(true)); }

    private void advance(boolean resumed) throws Exception {
        if (isStopped()) {
            return;
        }
        SdeTarget target = target(log(startedEpochMillis));
        String serverName = target.server().getName();
        log(startedEpochMillis).println(resumed ? Messages.JobExecution_Resumed(kind, Long.toString(id))
                : Messages.JobExecution_Waiting(kind, Long.toString(id), serverName));
        new JobWaiter(this, target.client(), serverName, startedEpochMillis, JobWaiter.onFailure(failedJobResult, propagate))
                .watch(JobRef.of(JobKind.parse(kind), id), null, deadlineEpochMillis, s -> state = s);
    }

    @Override
    public void stop(Throwable cause) throws Exception {
        log(startedEpochMillis).println(Messages.JobExecution_Stopped(kind, Long.toString(id)));
        super.stop(cause);
    }

    @Override
    public String getStatus() {
        return kind + " job " + id + ": " + state + ", "
                + Durations.format(Duration.ofMillis(System.currentTimeMillis() - startedEpochMillis)) + " elapsed";
    }
}
