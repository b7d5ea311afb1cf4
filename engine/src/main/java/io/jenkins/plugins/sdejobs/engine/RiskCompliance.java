package io.jenkins.plugins.sdejobs.engine;

import com.fasterxml.jackson.databind.JsonNode;

/** A project's {@code risk_policy_compliant}: true, false, or null while it cannot be told (an unfinished survey). */
public enum RiskCompliance {
    COMPLIANT("compliant"), NOT_COMPLIANT("not compliant"), UNDETERMINED("undetermined");

    private final String label;

    RiskCompliance(String label) { this.label = label; }

    public String label() { return label; }

    /** The field's value: a boolean, or null, absent or anything else for undetermined. */
    static RiskCompliance of(JsonNode n) {
        if (n == null || !n.isBoolean()) {
            return UNDETERMINED;
        }
        return n.asBoolean() ? COMPLIANT : NOT_COMPLIANT;
    }

    /** As the API writes it: true, false or null. */
    public Boolean asBoolean() { return this == UNDETERMINED ? null : this == COMPLIANT; }
}
