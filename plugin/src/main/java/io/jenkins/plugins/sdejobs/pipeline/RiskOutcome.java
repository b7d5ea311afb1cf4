package io.jenkins.plugins.sdejobs.pipeline;

import hudson.AbortException;
import io.jenkins.plugins.sdejobs.BuildLog;
import io.jenkins.plugins.sdejobs.FailedJobResult;
import io.jenkins.plugins.sdejobs.Messages;
import io.jenkins.plugins.sdejobs.RiskGate;
import io.jenkins.plugins.sdejobs.engine.RiskCheck;
import java.io.IOException;

/** A risk check's outcome in a Pipeline step: one log line with the project's link, then what {@link RiskGate} says. */
final class RiskOutcome {
    private RiskOutcome() {
    }

    /** Logs {@code check}; FAILURE fails the step with that line, UNSTABLE marks the build and the step's stage. */
    static void apply(SdeExecution execution, BuildLog log, RiskCheck check, RiskGate gate) throws IOException, InterruptedException {
        String line = check.summary();
        FailedJobResult outcome = gate.outcome(check);
        if (outcome == FailedJobResult.FAILURE) {
            throw new AbortException(line);
        }
        log.println(line);
        if (outcome == FailedJobResult.UNSTABLE) {
            execution.markUnstable(line);
            log.println(Messages.RiskGate_MarkedUnstable(line, RiskGate.option(check)));
        }
    }
}
