package io.jenkins.plugins.sdejobs.engine;

import org.jspecify.annotations.Nullable;

/**
 * A project's compliance as read for a gate, with its risk policy when the project names one and the token may read
 * it ({@code policy} null otherwise: the gate still has the project's answer).
 */
public record RiskCheck(Project project, @Nullable RiskPolicy policy) {
    /**
     * {@link #describe()}, what the policy requires when the project is not compliant, and the project's link: e.g.
     * "Project Checkout (#6) is not compliant with risk policy 'Default' (it requires: No high-risk countermeasure
     * left incomplete): https://…".
     */
    public String summary() {
        StringBuilder sb = new StringBuilder(describe());
        if (project.compliance() != RiskCompliance.COMPLIANT && policy != null && !policy.conditions().isEmpty()) {
            sb.append(" (it requires: ").append(String.join("; ", policy.conditions())).append(')');
        }
        if (project.url() != null) {
            sb.append(": ").append(project.url());
        }
        return sb.toString();
    }

    /** e.g. "Project Payments API (#5) is not compliant with risk policy 'Default'". */
    public String describe() {
        return "Project " + project.display() + " is " + project.compliance().label()
                + (policy == null ? " with its risk policy" : " with risk policy '" + policy.name() + "'");
    }
}
