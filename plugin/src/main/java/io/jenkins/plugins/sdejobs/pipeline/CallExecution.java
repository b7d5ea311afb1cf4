package io.jenkins.plugins.sdejobs.pipeline;

import hudson.AbortException;
import hudson.model.Run;
import io.jenkins.plugins.sdejobs.SdeJobsRuntime;
import io.jenkins.plugins.sdejobs.SdeTarget;
import io.jenkins.plugins.sdejobs.engine.SdeClient;
import io.jenkins.plugins.sdejobs.engine.SdeException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CancellationException;
import org.jenkinsci.plugins.workflow.steps.AbstractStepExecutionImpl;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * One asynchronous API call (list, record a result) made off the Pipeline thread. After a restart a read is
 * simply made again; a write is not, since it may already have been recorded.
 */
abstract class CallExecution extends AbstractStepExecutionImpl {
    private static final long serialVersionUID = 1L;

    private final String server;
    private final String credentialsId;
    private transient volatile CompletableFuture<?> call;

    CallExecution(StepContext context, String server, String credentialsId) {
        super(context);
        this.server = server;
        this.credentialsId = credentialsId;
    }

    /** Sends the call; its result becomes the step's return value. */
    abstract CompletableFuture<?> call(SdeTarget target);

    /** Whether the call may be made again after a restart (true for reads). */
    abstract boolean repeatable();

    /** The message when a non-repeatable call was interrupted by a restart. */
    abstract String interruptedByRestart();

    @Override
    public boolean start() throws Exception {
        SdeTarget target = SdeTarget.resolve(getContext().get(Run.class), server, credentialsId);
        CompletableFuture<?> f = call(target);
        call = f;
        f.whenComplete((result, error) -> {
            if (error == null) {
                getContext().onSuccess(result);
                return;
            }
            Throwable cause = SdeClient.unwrap(error);
            if (!(cause instanceof CancellationException) && !SdeJobsRuntime.isStopping()) {
                getContext().onFailure(cause instanceof SdeException ? new AbortException(cause.getMessage()) : cause);
            }
        });
        return false;
    }

    @Override
    public void onResume() {
        if (!repeatable()) {
            getContext().onFailure(new AbortException(interruptedByRestart()));
            return;
        }
        try {
            start();
        } catch (Exception e) {
            getContext().onFailure(e);
        }
    }

    @Override
    public void stop(Throwable cause) throws Exception {
        CompletableFuture<?> f = call;
        if (f != null) {
            f.cancel(true);
        }
        super.stop(cause);
    }
}
