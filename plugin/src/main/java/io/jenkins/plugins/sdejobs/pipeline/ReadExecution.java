package io.jenkins.plugins.sdejobs.pipeline;

import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * A {@link CallExecution} that only reads (a list of jobs or connections): after a restart it is simply made again.
 *
 * @param <T> what the engine's call completes with
 */
abstract class ReadExecution<T> extends CallExecution<T> {
    private static final long serialVersionUID = 1L;

    ReadExecution(StepContext context, String server, String credentialsId) {
        super(context, server, credentialsId);
    }

    @Override
    final boolean repeatable() { return true; }

    @Override
    final String interruptedByRestart() { return ""; }
}
