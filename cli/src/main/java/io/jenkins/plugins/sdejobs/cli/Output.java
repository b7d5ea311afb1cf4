package io.jenkins.plugins.sdejobs.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.sdejobs.engine.Connection;
import io.jenkins.plugins.sdejobs.engine.Job;
import io.jenkins.plugins.sdejobs.engine.JsonModel;
import io.jenkins.plugins.sdejobs.engine.Project;
import io.jenkins.plugins.sdejobs.engine.RiskCheck;
import java.io.PrintStream;
import java.util.List;

/**
 * Results on stdout: with {@code --json} exactly one JSON document (params already redacted by the engine),
 * otherwise a short summary for people.
 */
final class Output {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Output() {
    }

    static void job(PrintStream out, Job job, boolean json) {
        if (json) {
            print(out, tree(job));
        } else {
            out.println(summary(job));
        }
    }

    static void jobs(PrintStream out, List<Job> jobs, boolean json) {
        if (json) {
            ArrayNode all = JSON.createArrayNode();
            jobs.forEach(j -> all.add(tree(j)));
            print(out, all);
            return;
        }
        if (jobs.isEmpty()) {
            out.println("No jobs.");
        }
        for (Job j : jobs) {
            out.printf("%-8d %-8s %-18s %-28s %-28s %-24s %s%n", j.id(), j.kind(), j.status().label(),
                    j.connection() == null ? "-" : clip(j.connection().display(), 28),
                    j.lastRun() == null ? "-" : j.lastRun(), j.startedBy() == null ? "-" : clip(j.startedBy().display(), 24),
                    j.resultMessage());
        }
    }

    static void connections(PrintStream out, List<Connection> connections, boolean json) {
        if (json) {
            ArrayNode all = JSON.createArrayNode();
            connections.forEach(c -> all.add(parse(JsonModel.json(c))));
            print(out, all);
            return;
        }
        if (connections.isEmpty()) {
            out.println("No connections.");
        }
        out.printf("%-8s %-28s %-16s %-8s %s%n", "ID", "ALIAS", "SYSTEM", "PROJECT", "LAST JOB");
        for (Connection c : connections) {
            Connection.LastJob last = c.lastJob();
            String lastJob = last == null ? "-" : last.id() + " " + (!last.ready() ? "queued or running"
                    : last.succeeded() ? "succeeded" : "failed") + (last.when() == null ? "" : " " + last.when());
            out.printf("%-8d %-28s %-16s %-8s %s%n", c.id(), c.alias() == null ? "-" : clip(c.alias(), 28),
                    c.system() == null ? "-" : clip(c.system(), 16), c.project() == null ? "-" : c.project(), lastJob);
        }
    }

    static void riskCheck(PrintStream out, RiskCheck check, boolean json) {
        if (json) {
            print(out, tree(check));
        } else {
            out.println(check.summary());
        }
    }

    /** A finished import and the check of its project, as one document or two lines. */
    static void importChecked(PrintStream out, Job job, RiskCheck check, boolean json) {
        if (json) {
            ObjectNode both = JSON.createObjectNode();
            both.set("job", tree(job));
            both.set("risk_check", tree(check));
            print(out, both);
        } else {
            out.println(summary(job));
            out.println(check.summary());
        }
    }

    /** {"project": {id, name, url, risk_policy_compliant (true, false or null), risk_policy}, "risk_policy": {...} or null}. */
    private static ObjectNode tree(RiskCheck c) {
        ObjectNode n = JSON.createObjectNode();
        Project p = c.project();
        ObjectNode project = n.putObject("project").put("id", p.id()).put("name", p.name()).put("url", p.url());
        if (p.compliance().asBoolean() == null) {
            project.putNull("risk_policy_compliant");
        } else {
            project.put("risk_policy_compliant", p.compliance().asBoolean());
        }
        project.put("risk_policy", p.riskPolicy());
        if (c.policy() == null) {
            n.putNull("risk_policy");
        } else {
            ObjectNode policy = n.putObject("risk_policy").put("id", c.policy().id()).put("name", c.policy().name());
            c.policy().conditions().forEach(policy.putArray("conditions")::add);
        }
        return n;
    }

    /** e.g. "alm job 12 succeeded (Jira (#7), JIRA) triggered by ada@example.com: Synced". */
    static String summary(Job j) {
        StringBuilder sb = new StringBuilder(j.kind() + " job " + j.id() + " " + j.status().label());
        Connection c = j.connection();
        if (c != null) {
            sb.append(" (").append(c.display()).append(c.system() == null ? "" : ", " + c.system()).append(')');
        }
        if (j.triggeredBy() != null) {
            sb.append(" triggered by ").append(j.triggeredBy().display());
        }
        if (!j.resultMessage().isEmpty()) {
            sb.append(": ").append(j.resultMessage());
        }
        return sb.toString();
    }

    /** The engine's JSON of the job, as a tree to indent. */
    private static JsonNode tree(Job job) { return parse(JsonModel.json(job)); }

    private static JsonNode parse(String engineJson) {
        try {
            return JSON.readTree(engineJson);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The engine wrote JSON that does not parse", e);
        }
    }

    private static void print(PrintStream out, Object node) {
        try {
            out.println(JSON.writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write JSON", e);
        }
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
