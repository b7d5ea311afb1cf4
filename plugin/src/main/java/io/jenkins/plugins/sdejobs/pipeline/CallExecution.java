package io.jenkins.plugins.sdejobs.pipeline;

import hudson.AbortException;
import io.jenkins.plugins.sdejobs.SdeTarget;
import java.util.concurrent.CompletableFuture;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * One asynchronous API call (list, report a result) made off the Pipeline thread. After a restart a read is
 * simply made again; a write is not, since it may already have been recorded. Stopping the step cancels the
 * engine's own call, so paging and retries stop with it.
 *
 * @param <T> what the engine's call completes with
 */
abstract class CallExecution<T> extends SdeExecution {
    private static final long serialVersionUID = 1L;

    /** A write in flight: a safe restart waits for its answer. */
    private transient volatile boolean writing;

    CallExecution(StepContext context, String server, String credentialsId) {
        super(context, server, credentialsId);
    }

    /** Sends the call: the engine's future, which {@link #stop} cancels. */
    abstract CompletableFuture<T> send(SdeTarget target);

    /** What the step returns to the script for the call's answer; an exception fails the step. */
    abstract Object returned(T answer, SdeTarget target) throws Exception;

    /** Whether the call may be made again after a restart (true for reads). */
    abstract boolean repeatable();

    /** The message when a non-repeatable call was interrupted by a restart. */
    abstract String interruptedByRestart();

    @Override
    public boolean start() {
        writing = !repeatable();
        inBackground(() -> {
            SdeTarget target = target(log(System.currentTimeMillis()));
            CompletableFuture<T> f = send(target);
            track(f);
            f.whenComplete((answer, error) -> guarded(() -> {
                writing = false;
                if (error != null) {
                    fail(error);
                } else {
                    getContext().onSuccess(returned(answer, target));
                }
            }).run());
        });
        return false;
    }

    @Override
    public void onResume() {
        if (!repeatable()) {
            getContext().onFailure(new AbortException(interruptedByRestart()));
            return;
        }
        start();
    }

    @Override
    public boolean blocksRestart() { return writing; }
}
