package io.jenkins.plugins.sdejobs.simulator;

import java.util.List;
import java.util.Objects;

/** A risk policy: its name and the conditions a project must meet, each described in words. */
public record SimRiskPolicy(long id, String name, List<String> conditions) {
    public SimRiskPolicy {
        Objects.requireNonNull(name);
        conditions = List.copyOf(conditions);
    }

    public static SimRiskPolicy of(long id, String name, String... conditions) { return new SimRiskPolicy(id, name, List.of(conditions)); }
}
