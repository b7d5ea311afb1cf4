package io.jenkins.plugins.sdejobs.engine;

import org.jspecify.annotations.Nullable;

/**
 * A project's compliance as read for a gate, with its risk policy when the project names one and the token may read
 * it ({@code policy} null otherwise: the gate still has the project's answer).
 */
public record RiskCheck(Project project, @Nullable RiskPolicy policy) {
    /** e.g. "Project Payments API (#5) is not compliant with risk policy 'Default'". */
    public String describe() {
        return "Project " + project.display() + " is " + project.compliance().label()
                + (policy == null ? " with its risk policy" : " with risk policy '" + policy.name() + "'");
    }
}
