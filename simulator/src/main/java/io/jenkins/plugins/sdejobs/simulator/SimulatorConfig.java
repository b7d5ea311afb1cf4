package io.jenkins.plugins.sdejobs.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a simulator set-up from a small JSON file:
 * <pre>{"token": "...", "seed": 42, "refuse_connections_ms": 2000, "mode": "current", "public_url": "https://sde.example.com",
 *  "superuser": false, "connections": [{"id": 1, "kind": "alm", "alias": "Jira", "system": "JIRA", "project": 5,
 *   "queued_ms": 1500, "queued_max_ms": 3000, "outcome": "failed", "message": "...", "user_form": "email",
 *   "faults": {"get_503": 2, "get_429": 1, "retry_after_s": 1, "get_html": 1, "get_malformed": 1,
 *              "get_stall": 1, "stall_ms": 5000, "post_500": 1, "post_503": 1, "post_503_created": 1, "post_429": 1,
 *              "post_drop": 1}, "compliance_after_import": false}],
 *  "projects": [{"id": 5, "name": "Payments API", "compliant": true, "risk_policy": 1, "forbidden": false}],
 *  "risk_policies": [{"id": 1, "name": "Default", "conditions": ["No high-risk countermeasure left incomplete"]}]}</pre>
 * {@code mode} is the server generation ({@link ServerMode}: legacy, current, the default, or newest); {@code public_url}
 * the host that page links name, as behind a reverse proxy. A project's {@code compliant} is true, false or null
 * (undetermined); a connection's {@code compliance_after_import} is what its project's compliance becomes when one of
 * its jobs succeeds. Unknown fields are errors, so a typo is never silently ignored.
 */
public final class SimulatorConfig {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TOP = Set.of("token", "seed", "refuse_connections_ms", "mode", "public_url",
            "superuser", "connections", "projects", "risk_policies");
    private static final Set<String> CONNECTION = Set.of("id", "kind", "alias", "system", "queued_ms", "queued_max_ms",
            "outcome", "message", "user_form", "faults", "params", "project",
            "compliance_after_import");
    private static final Set<String> PROJECT = Set.of("id", "name", "compliant", "risk_policy", "forbidden");
    private static final Set<String> RISK_POLICY = Set.of("id", "name", "conditions");
    private static final Set<String> FAULTS = Set.of("get_503", "get_429", "retry_after_s", "get_html", "get_malformed",
            "get_stall", "stall_ms", "post_500", "post_503", "post_503_created", "post_429", "post_drop");

    private SimulatorConfig() {
    }

    /** The demo set-up: one connection of each kind; the LDAP one fails. */
    public static Simulator.Builder defaults() {
        return Simulator.builder()
                .connection(SimConnection.of(1, "alm").alias("Jira Cloud").system("JIRA").project(1)
                        .queuedBetween(Duration.ofMillis(1500), Duration.ofMillis(2500)))
                .connection(SimConnection.of(2, "analysis").alias("Checkmarx SAST").system("Checkmarx").project(1)
                        .queuedBetween(Duration.ofMillis(2000), Duration.ofMillis(3000)))
                .project(SimProject.of(1, "Payments API").riskPolicy(1))
                .riskPolicy(SimRiskPolicy.of(1, "Default risk policy", "No high-risk countermeasure left incomplete"))
                .connection(SimConnection.of(3, "ldap").alias("Corporate LDAP").system("LDAP")
                        .queuedBetween(Duration.ofMillis(1000), Duration.ofMillis(2000))
                        .fails("LDAP bind failed: invalid credentials for CN=Bind User,CN=Users,DC=example,DC=com"));
    }

    /** Reads {@code file}; the error names the file and the field at fault. */
    public static Simulator.Builder load(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("Simulator config " + file + " does not exist");
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Simulator config " + file + " is not valid JSON (line "
                    + e.getLocation().getLineNr() + "): " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read simulator config " + file + ": " + e.getMessage());
        }
        try {
            return parse(root);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Simulator config " + file + ": " + e.getMessage());
        }
    }

    static Simulator.Builder parse(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the top level must be a JSON object");
        }
        known(root, TOP, "the top level");
        Simulator.Builder b = Simulator.builder();
        if (root.has("token")) {
            b.token(text(root, "token", "the top level"));
        }
        if (root.has("refuse_connections_ms")) {
            b.refuseConnectionsAtStartFor(Duration.ofMillis(number(root, "refuse_connections_ms", "the top level")));
        }
        if (root.has("mode")) {
            b.mode(ServerMode.parse(text(root, "mode", "the top level")));
        }
        if (root.has("public_url")) {
            b.publicUrl(text(root, "public_url", "the top level"));
        }
        if (root.has("superuser")) {
            if (!root.get("superuser").isBoolean()) {
                throw new IllegalArgumentException("the top level: 'superuser' must be true or false");
            }
            b.superuser(root.get("superuser").asBoolean());
        }
        if (root.has("seed")) {
            b.seed(number(root, "seed", "the top level"));
        }
        JsonNode list = root.path("connections");
        if (!list.isArray() || list.isEmpty()) {
            throw new IllegalArgumentException("'connections' must be a non-empty list");
        }
        for (JsonNode c : list) {
            b.connection(connection(c));
        }
        for (JsonNode p : objects(root, "projects")) {
            String where = "project " + p.path("id").asText("?");
            known(p, PROJECT, where);
            SimProject project = SimProject.of(number(p, "id", where), text(p, "name", where))
                    .compliant(threeStates(p, "compliant", where, Boolean.TRUE));
            if (p.has("risk_policy")) {
                project.riskPolicy(number(p, "risk_policy", where));
            }
            if (p.path("forbidden").asBoolean(false)) {
                project.forbidden();
            }
            b.project(project);
        }
        for (JsonNode r : objects(root, "risk_policies")) {
            String where = "risk policy " + r.path("id").asText("?");
            known(r, RISK_POLICY, where);
            java.util.List<String> conditions = new java.util.ArrayList<>();
            for (JsonNode c : r.path("conditions")) {
                conditions.add(c.asText());
            }
            b.riskPolicy(new SimRiskPolicy(number(r, "id", where), text(r, "name", where), conditions));
        }
        return b;
    }

    /** The objects of the list {@code field}, none when it is absent. */
    private static Iterable<JsonNode> objects(JsonNode root, String field) {
        JsonNode list = root.path(field);
        if (list.isMissingNode()) {
            return java.util.List.of();
        }
        if (!list.isArray()) {
            throw new IllegalArgumentException("'" + field + "' must be a list");
        }
        for (JsonNode n : list) {
            if (!n.isObject()) {
                throw new IllegalArgumentException("each of '" + field + "' must be a JSON object");
            }
        }
        return list;
    }

    /** true, false or null (undetermined); {@code absent} when the field is not there. */
    private static Boolean threeStates(JsonNode n, String field, String where, Boolean absent) {
        if (!n.has(field)) {
            return absent;
        }
        JsonNode v = n.get(field);
        if (v.isNull()) {
            return null;
        }
        if (!v.isBoolean()) {
            throw new IllegalArgumentException(where + ": '" + field + "' must be true, false or null (undetermined)");
        }
        return v.asBoolean();
    }

    private static SimConnection connection(JsonNode n) {
        String where = "connection " + n.path("id").asText("?");
        if (!n.isObject()) {
            throw new IllegalArgumentException("each connection must be a JSON object");
        }
        known(n, CONNECTION, where);
        SimConnection c = SimConnection.of(number(n, "id", where), text(n, "kind", where).toLowerCase(Locale.ROOT));
        if (n.has("alias")) {
            c.alias(text(n, "alias", where));
        }
        if (n.has("system")) {
            c.system(text(n, "system", where));
        }
        if (n.has("project")) {
            c.project(number(n, "project", where));
        }
        long queued = n.has("queued_ms") ? number(n, "queued_ms", where) : 200;
        long max = n.has("queued_max_ms") ? number(n, "queued_max_ms", where) : queued;
        if (max < queued) {
            throw new IllegalArgumentException(where + ": queued_max_ms must not be less than queued_ms");
        }
        c.queuedBetween(Duration.ofMillis(queued), Duration.ofMillis(max));
        String outcome = n.has("outcome") ? text(n, "outcome", where) : "succeeded";
        switch (outcome) {
            case "succeeded" -> c.succeeds();
            case "failed" -> c.fails(n.has("message") ? text(n, "message", where) : "The job failed");
            default -> throw new IllegalArgumentException(where + ": outcome must be 'succeeded' or 'failed', not '" + outcome + "'");
        }
        if (n.has("user_form")) {
            try {
                c.userForm(SimConnection.UserForm.valueOf(text(n, "user_form", where).toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": user_form must be email, id or object");
            }
        }
        if (n.has("params")) {
            if (!n.get("params").isObject()) {
                throw new IllegalArgumentException(where + ": params must be an object");
            }
            n.get("params").properties().forEach(e -> c.param(e.getKey(), JSON.convertValue(e.getValue(), Object.class)));
        }
        if (n.has("faults")) {
            faults(n.get("faults"), c.faults(), where + " faults");
        }
        if (n.has("compliance_after_import")) {
            c.complianceAfterImport(threeStates(n, "compliance_after_import", where, null));
        }
        return c;
    }

    private static void faults(JsonNode n, Faults f, String where) {
        if (!n.isObject()) {
            throw new IllegalArgumentException(where + " must be an object");
        }
        known(n, FAULTS, where);
        Duration retryAfter = Duration.ofSeconds(n.has("retry_after_s") ? number(n, "retry_after_s", where) : 1);
        Duration stall = Duration.ofMillis(n.has("stall_ms") ? number(n, "stall_ms", where) : 5000);
        f.get503(count(n, "get_503", where)).get429(count(n, "get_429", where), retryAfter)
                .getHtml(count(n, "get_html", where)).getMalformed(count(n, "get_malformed", where))
                .getStall(count(n, "get_stall", where), stall).post500(count(n, "post_500", where))
                .post503(count(n, "post_503", where)).post503Created(count(n, "post_503_created", where)).post429(count(n, "post_429", where), retryAfter)
                .postDrop(count(n, "post_drop", where));
    }

    private static void known(JsonNode n, Set<String> allowed, String where) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw new IllegalArgumentException(where + ": unknown field '" + f + "' (known: "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    private static int count(JsonNode n, String field, String where) {
        return n.has(field) ? (int) number(n, field, where) : 0;
    }

    private static long number(JsonNode n, String field, String where) {
        JsonNode v = n.get(field);
        if (v == null || !v.canConvertToExactIntegral() || v.asLong() < 0) {
            throw new IllegalArgumentException(where + ": '" + field + "' must be a whole number of at least 0");
        }
        return v.asLong();
    }

    private static String text(JsonNode n, String field, String where) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new IllegalArgumentException(where + ": '" + field + "' must be a non-empty string");
        }
        return v.asText();
    }
}
