package io.jenkins.plugins.sdejobs.cli;

import io.jenkins.plugins.sdejobs.engine.RetryPolicy;
import java.io.PrintStream;
import java.util.Map;

/**
 * What a command may touch: the environment, stdout for results, stderr for progress, and whether stderr is
 * a terminal (then progress is one live line). Passed in, so tests can run commands in-process.
 */
record Context(Map<String, String> env, PrintStream out, PrintStream err, boolean liveProgress, RetryPolicy retry) {
}
