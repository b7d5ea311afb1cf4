package io.jenkins.plugins.sdejobs.engine;

import java.util.List;

/** A risk policy: its name, and what it requires, one condition per line, in the server's words where it gave any. */
public record RiskPolicy(long id, String name, List<String> conditions) {
    public RiskPolicy {
        conditions = List.copyOf(conditions);
    }
}
