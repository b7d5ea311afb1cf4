package io.jenkins.plugins.sdejobs.simulator;

import java.util.Objects;

/**
 * A project of the simulated server: its risk policy, and whether it complies ({@code null}: undetermined, as
 * while its survey is incomplete). An analysis connection of the project can change that when its import finishes
 * ({@link SimConnection#complianceAfterImport}).
 */
public final class SimProject {
    final long id;
    final String name;
    Boolean compliant = Boolean.TRUE;
    Long riskPolicy;
    boolean forbidden;

    private SimProject(long id, String name) {
        this.id = id;
        this.name = Objects.requireNonNull(name);
    }

    public static SimProject of(long id, String name) { return new SimProject(id, name); }

    /** Compliance before any scripted import: true, false, or null for undetermined (default true). */
    public SimProject compliant(Boolean compliant) { this.compliant = compliant; return this; }

    public SimProject riskPolicy(long id) { this.riskPolicy = id; return this; }

    /** The token's user may not see this project: its GET answers 403, and lists leave it out. */
    public SimProject forbidden() { this.forbidden = true; return this; }

    public long id() { return id; }
}
