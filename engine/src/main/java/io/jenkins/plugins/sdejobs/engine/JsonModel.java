package io.jenkins.plugins.sdejobs.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads API JSON into the model, tolerantly (missing fields, unknown fields, the several forms of {@code user}
 * and {@code system}), and writes the model back in the API's shape. Redaction happens here, at parse time.
 */
public final class JsonModel {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonModel() {
    }

    static Job job(JobKind kind, JsonNode n) {
        if (n == null || !n.isObject() || !n.path("id").canConvertToExactIntegral()) {
            throw new SdeException.MalformedJson(0, "The server's answer is not an SD Elements " + kind.label()
                    + " job (no numeric id): is the URL that of SD Elements?");
        }
        List<String> secrets = new ArrayList<>();
        Connection c = n.path("connection").isObject() ? connection(n.get("connection"), secrets) : null;
        return new Job(n.get("id").asLong(), kind, user(n.get("user")), user(n.get("triggered_by")), n.path("ready").asBoolean(false),
                n.path("succeeded").asBoolean(false), n.path("automatic").asBoolean(false),
                Redaction.scrub(text(n, "result_message"), secrets), time(text(n, "last_run")), c);
    }

    static Connection connection(JsonNode n) {
        if (n == null || !n.isObject() || !n.path("id").canConvertToExactIntegral()) {
            throw new SdeException.MalformedJson(0, "The server's answer is not an SD Elements connection (no numeric id)");
        }
        return connection(n, new ArrayList<>());
    }

    @SuppressWarnings("unchecked")
    private static Connection connection(JsonNode n, List<String> secrets) {
        Map<String, Object> params = n.path("params").isObject()
                ? Redaction.redact(MAPPER.convertValue(n.get("params"), Map.class), secrets) : Map.of();
        JsonNode sys = n.get("system");
        String system = sys == null || sys.isNull() ? null
                : sys.isObject() ? firstText(sys, "name", "id") : sys.asText();
        return new Connection(n.path("id").asLong(), Redaction.scrub(text(n, "alias"), secrets), system,
                text(n, "command"), text(n, "frequency"), number(n.get("project")),
                bool(n.get("inaccessible")), bool(n.get("in_progress")), params, lastJob(n.get("last_job")));
    }

    private static Connection.LastJob lastJob(JsonNode n) {
        if (n == null || !n.isObject() || !n.path("id").canConvertToExactIntegral()) {
            return null;
        }
        OffsetDateTime when = time(text(n, "last_run"));
        return new Connection.LastJob(n.get("id").asLong(), n.path("ready").asBoolean(false),
                n.path("succeeded").asBoolean(false), when != null ? when : time(firstText(n, "date_created", "created")));
    }

    static User user(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.canConvertToExactIntegral()) {
            return new User(n.asLong(), null, null);
        }
        if (n.isTextual()) {
            return new User(null, n.asText(), null);
        }
        String name = (text(n, "first_name") == null ? "" : text(n, "first_name") + " ")
                + (text(n, "last_name") == null ? "" : text(n, "last_name"));
        return new User(number(n.get("id")), text(n, "email"), name.isBlank() ? text(n, "name") : name.strip());
    }

    static Project project(JsonNode n) {
        if (n == null || !n.isObject() || !n.path("id").canConvertToExactIntegral()) {
            throw new SdeException.MalformedJson(0, "The server's answer is not an SD Elements project (no numeric id)");
        }
        JsonNode policy = n.get("risk_policy");
        Long policyId = policy != null && policy.isObject() ? number(policy.get("id")) : number(policy);
        return new Project(n.get("id").asLong(), n.path("name").asText(""), text(n, "url"),
                RiskCompliance.of(n.get("risk_policy_compliant")), policyId);
    }

    /** A condition is told by its description or name where it has one, else by its JSON. */
    static RiskPolicy riskPolicy(JsonNode n) {
        if (n == null || !n.isObject() || !n.path("id").canConvertToExactIntegral()) {
            throw new SdeException.MalformedJson(0, "The server's answer is not an SD Elements risk policy (no numeric id)");
        }
        List<String> conditions = new ArrayList<>();
        for (JsonNode c : n.path("conditions")) {
            String said = c.isTextual() ? c.asText() : c.isObject() ? firstText(c, "description", "name", "title") : null;
            conditions.add(said != null && !said.isBlank() ? said : c.toString());
        }
        return new RiskPolicy(n.get("id").asLong(), n.path("name").asText(""), conditions);
    }

    static ServerInfo serverInfo(JsonNode n) {
        return new ServerInfo(text(n, "version"), number(n.get("jobs_queue_length")));
    }

    /**
     * {@code job} as the API writes it (snake_case fields), one line of JSON; its connection's secret params are
     * already redacted. Jackson stays inside the engine: this is the one way out.
     */
    public static String json(Job job) { return toJson(job).toString(); }

    static ObjectNode toJson(Job j) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("id", j.id());
        n.put("kind", j.kind().id());
        if (j.user() != null) {
            n.put("user", j.user().display());
        }
        if (j.triggeredBy() != null) {
            n.put("triggered_by", j.triggeredBy().display());
        }
        n.put("ready", j.ready());
        n.put("succeeded", j.succeeded());
        n.put("automatic", j.automatic());
        n.put("result_message", j.resultMessage());
        n.put("last_run", j.lastRun() == null ? null : j.lastRun().toString());
        if (j.connection() != null) {
            n.set("connection", toJson(j.connection()));
        }
        return n;
    }

    static ObjectNode toJson(Connection c) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("id", c.id());
        n.put("alias", c.alias());
        n.put("system", c.system());
        putIfPresent(n, "command", c.command());
        putIfPresent(n, "frequency", c.frequency());
        if (c.project() != null) {
            n.put("project", c.project());
        }
        if (c.inaccessible() != null) {
            n.put("inaccessible", c.inaccessible());
        }
        if (c.inProgress() != null) {
            n.put("in_progress", c.inProgress());
        }
        n.set("params", MAPPER.valueToTree(c.params()));
        Connection.LastJob last = c.lastJob();
        if (last != null) {
            n.putObject("last_job").put("id", last.id()).put("ready", last.ready()).put("succeeded", last.succeeded())
                    .put("when", last.when() == null ? null : last.when().toString());
        }
        return n;
    }

    /**
     * {@code connection} as the API writes it, one line of JSON, secret params redacted; with its
     * {@code last_job} when it was read.
     */
    public static String json(Connection connection) { return toJson(connection).toString(); }

    private static void putIfPresent(ObjectNode n, String field, String value) {
        if (value != null) {
            n.put(field, value);
        }
    }

    /** ISO 8601 with an offset, as SD Elements writes it; without one it is taken as UTC; anything else as absent. */
    private static @Nullable OffsetDateTime time(@Nullable String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(s);
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(s).atOffset(ZoneOffset.UTC);
            } catch (DateTimeParseException notATime) {
                return null; // a time we cannot read must not fail a wait
            }
        }
    }

    private static @Nullable String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
    }

    private static String firstText(JsonNode n, String... fields) {
        for (String f : fields) {
            String t = text(n, f);
            if (t != null) {
                return t;
            }
        }
        return null;
    }

    private static Long number(JsonNode n) {
        return n != null && n.canConvertToExactIntegral() ? n.asLong() : null;
    }

    private static Boolean bool(JsonNode n) {
        return n != null && n.isBoolean() ? n.asBoolean() : null;
    }
}
