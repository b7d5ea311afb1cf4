package io.jenkins.plugins.sdejobs.pipeline;

import hudson.AbortException;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.sdejobs.BuildLog;
import io.jenkins.plugins.sdejobs.SdeJobsRuntime;
import io.jenkins.plugins.sdejobs.SdeTarget;
import io.jenkins.plugins.sdejobs.engine.CallListener;
import io.jenkins.plugins.sdejobs.engine.Futures;
import io.jenkins.plugins.sdejobs.engine.SdeException;
import java.io.IOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.jenkinsci.plugins.workflow.actions.WarningAction;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.steps.AbstractStepExecutionImpl;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * What every SD Elements step execution shares: the server choice it was given, work that starts off the
 * Pipeline's thread, callbacks that cannot leave the step hanging, and one way to fail.
 */
abstract class SdeExecution extends AbstractStepExecutionImpl {
    private static final long serialVersionUID = 1L;

    private final String server;
    private final String credentialsId;
    /** Set by {@link #stop}: nothing more is sent or polled for a step that has ended. */
    private transient volatile boolean stopped;
    /** What the step waits on now (a call, a watch's result): {@link #stop} cancels it. */
    private transient volatile Future<?> current;

    SdeExecution(StepContext context, String server, String credentialsId) {
        super(context);
        this.server = server;
        this.credentialsId = credentialsId;
    }

    final boolean isStopped() { return stopped; }

    /** Makes {@code f} what {@link #stop} cancels; cancels it at once if the step has stopped meanwhile. */
    final void track(Future<?> f) {
        current = f;
        if (stopped) {
            f.cancel(true);
        }
    }

    /** Stops what the step waits on; the job itself, if any, keeps running in SD Elements (the API has no cancel). */
    @Override
    public void stop(Throwable cause) throws Exception {
        stopped = true;
        Future<?> f = current;
        if (f != null) {
            f.cancel(true);
        }
        super.stop(cause);
    }

    /** The build log, with times counted from {@code originEpochMillis}. */
    final BuildLog log(long originEpochMillis) { return new BuildLog(listener(), originEpochMillis); }

    /** Code run from a callback; anything it throws ends the step. */
    interface Body {
        void run() throws Exception;
    }

    /**
     * Runs {@code body} on the plugin's background pool: credentials may come from a provider that fetches them
     * over the network, which must never happen on the CPS VM thread.
     */
    final void inBackground(Body body) {
        SdeJobsRuntime.get().background().execute(guarded(body));
    }

    /**
     * Saves the program, then runs {@code next} on the plugin's pool: never on the thread that completed the save,
     * which can be the CPS VM's.
     */
    final void afterSave(Body next) {
        getContext().saveState().addListener(guarded(() -> {
            if (!SdeJobsRuntime.stoppingNow()) {
                next.run();
            }
        }), SdeJobsRuntime.get().background());
    }

    /**
     * Marks the build UNSTABLE and puts a warning with {@code message} on this step's node, as the {@code unstable}
     * step does, so that Stage View and the Pipeline graph show its stage as unstable.
     */
    final void markUnstable(String message) throws IOException, InterruptedException {
        getContext().get(Run.class).setResult(Result.UNSTABLE);
        getContext().get(FlowNode.class).addOrReplaceAction(new WarningAction(Result.UNSTABLE).withMessage(message));
    }

    /** What to do with a value. */
    interface Then<T> {
        void accept(T value) throws Exception;
    }

    /**
     * When {@code future} completes, on the plugin's pool: its value to {@code then}, or its failure ends the step.
     * Nothing while Jenkins stops: what a shutdown cut off is no outcome, and the step resumes from what it saved.
     */
    final <T> void onComplete(CompletableFuture<T> future, Then<T> then) {
        future.whenCompleteAsync((value, error) -> guarded(() -> {
            if (SdeJobsRuntime.stoppingNow()) {
                return;
            }
            if (error != null) {
                fail(error);
            } else {
                then.accept(value);
            }
        }).run(), SdeJobsRuntime.get().background());
    }

    /** {@code body} as a callback whose every failure, even an Error or a rejected task, ends the step. */
    final Runnable guarded(Body body) {
        return () -> {
            try {
                body.run();
            } catch (Throwable t) {
                fail(t);
            }
        };
    }

    /**
     * Ends the step with {@code error}, as one line when it is SD Elements' or the plugin's own message. Nothing
     * when it comes from {@link #stop} or from Jenkins shutting down (then {@code onResume} answers).
     */
    final void fail(Throwable error) {
        Throwable cause = Futures.unwrap(error);
        if (cause instanceof CancellationException || SdeJobsRuntime.stoppingNow()) {
            return;
        }
        getContext().onFailure(cause instanceof SdeException ? new AbortException(cause.getMessage()) : cause);
    }

    /** The server and token for this build: looks credentials up, so call it in the background. */
    final SdeTarget target(CallListener calls) throws IOException, InterruptedException {
        return SdeTarget.resolve(getContext().get(Run.class), server, credentialsId, calls);
    }

    final TaskListener listener() {
        try {
            return getContext().get(TaskListener.class);
        } catch (IOException | InterruptedException e) {
            return TaskListener.NULL;
        }
    }
}
