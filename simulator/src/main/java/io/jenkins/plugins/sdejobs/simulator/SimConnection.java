package io.jenkins.plugins.sdejobs.simulator;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** One connection the simulated server knows, with how its jobs behave. */
public final class SimConnection {
    /** How the {@code user} field of this connection's jobs is written: real servers send all three. */
    public enum UserForm { EMAIL, ID, OBJECT }

    final long id;
    final String kind;
    String alias;
    String system;
    Duration queuedMin = Duration.ofMillis(200);
    Duration queuedMax = Duration.ofMillis(200);
    boolean succeeds = true;
    String failureMessage = "";
    UserForm userForm = UserForm.EMAIL;
    volatile boolean hiddenFromLists;
    Long project;
    /** Whether a succeeded job of this connection sets its project's compliance, and to what (null: undetermined). */
    boolean setsCompliance;
    Boolean complianceAfter;
    final Map<String, Object> params;
    final Faults faults = new Faults();

    private SimConnection(long id, String kind) {
        if (!Simulator.KINDS.contains(kind)) {
            throw new IllegalArgumentException("Unknown kind '" + kind + "': use alm, analysis or ldap");
        }
        this.id = id;
        this.kind = kind;
        this.alias = kind.toUpperCase(java.util.Locale.ROOT) + " connection " + id;
        this.system = switch (kind) { case "alm" -> "JIRA"; case "analysis" -> "Checkmarx"; default -> "LDAP"; };
        this.params = defaultParams(kind, id);
    }

    public static SimConnection of(long id, String kind) { return new SimConnection(id, kind); }

    public SimConnection alias(String alias) { this.alias = Objects.requireNonNull(alias); return this; }

    public SimConnection system(String system) { this.system = Objects.requireNonNull(system); return this; }

    /** Each job stays queued this long before it is ready. */
    public SimConnection queuedFor(Duration d) { return queuedBetween(d, d); }

    /** Each job stays queued a random time in this range (seeded: the same run gives the same times). */
    public SimConnection queuedBetween(Duration min, Duration max) {
        if (min.isNegative() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("queued range must satisfy 0 <= min <= max");
        }
        this.queuedMin = min;
        this.queuedMax = max;
        return this;
    }

    public SimConnection succeeds() { this.succeeds = true; this.failureMessage = ""; return this; }

    /** Jobs finish with {@code succeeded:false} and this {@code result_message}. */
    public SimConnection fails(String message) { this.succeeds = false; this.failureMessage = message; return this; }

    public SimConnection userForm(UserForm form) { this.userForm = form; return this; }

    /** This connection's jobs never appear in job lists, as when a list is served from a lagging replica. */
    public SimConnection hiddenFromLists() { this.hiddenFromLists = true; return this; }

    /** The SD Elements project this connection belongs to (default: none is sent). */
    public SimConnection project(long id) { this.project = id; return this; }

    /**
     * When one of this connection's jobs succeeds, its project's {@code risk_policy_compliant} becomes {@code after}
     * (null: undetermined) from the moment the job is ready, as when an import changes which countermeasures are done.
     */
    public SimConnection complianceAfterImport(Boolean after) {
        this.setsCompliance = true;
        this.complianceAfter = after;
        return this;
    }

    public SimConnection param(String name, Object value) { params.put(name, value); return this; }

    public Faults faults() { return faults; }

    public long id() { return id; }

    public String kind() { return kind; }

    /** Realistic params, secrets included, so that leak tests have something to find. */
    private static Map<String, Object> defaultParams(String kind, long id) {
        Map<String, Object> p = new LinkedHashMap<>();
        switch (kind) {
            case "alm" -> {
                p.put("alm_server", "jira.example.com");
                p.put("alm_user", "sync-bot");
                p.put("alm_pass", "alm-pass-" + id + "-Zq7!x");
                p.put("alm_api_token", "alm-token-" + id + "-9f8e7d");
                p.put("alm_project", "SECURE");
                p.put("sde_min_priority", 7);
            }
            case "analysis" -> {
                p.put("analysis_server", "checkmarx.example.com");
                p.put("analysis_user", "scanner");
                p.put("analysis_pass", "analysis-pass-" + id + "-Kk2#");
                p.put("import_behaviour", "replace-scanner");
                p.put("task_status_mapping", "{}");
            }
            default -> {
                p.put("ldap_server", "ldap.example.com:389");
                p.put("bind_dn", "CN=Bind User,CN=Users,DC=example,DC=com");
                p.put("bind_password", "bind-password-" + id + "-Lp0$");
                Map<String, Object> schema = new LinkedHashMap<>();
                schema.put("email", "mail");
                schema.put("client_secret", "nested-secret-" + id);
                p.put("user_schema", schema);
                p.put("ldap_validate_cert", true);
            }
        }
        return p;
    }
}
