package io.jenkins.plugins.sdejobs.engine;

import org.jspecify.annotations.Nullable;

/**
 * An SD Elements project, as far as a gate needs it: whether it complies with its risk policy, and which policy
 * that is ({@code riskPolicy}: null when the server did not say). {@code url} is its page in SD Elements.
 */
public record Project(long id, String name, @Nullable String url, RiskCompliance compliance, @Nullable Long riskPolicy) {
    /** "name (#id)". */
    public String display() { return name.isEmpty() ? "#" + id : name + " (#" + id + ")"; }
}
