package io.jenkins.plugins.sdejobs.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.jenkins.plugins.sdejobs.engine.Connection;
import io.jenkins.plugins.sdejobs.engine.Job;
import io.jenkins.plugins.sdejobs.engine.JsonModel;
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
            out.printf("%-8d %-8s %-18s %-28s %-28s %s%n", j.id(), j.kind(), j.status().label(),
                    j.connection() == null ? "-" : clip(j.connection().display(), 28),
                    j.lastRun() == null ? "-" : j.lastRun(), j.resultMessage());
        }
    }

    /** e.g. "alm job 12 succeeded (Jira (#7), JIRA): Synced". */
    static String summary(Job j) {
        StringBuilder sb = new StringBuilder(j.kind() + " job " + j.id() + " " + j.status().label());
        Connection c = j.connection();
        if (c != null) {
            sb.append(" (").append(c.display()).append(c.system() == null ? "" : ", " + c.system()).append(')');
        }
        if (!j.resultMessage().isEmpty()) {
            sb.append(": ").append(j.resultMessage());
        }
        return sb.toString();
    }

    /** The engine's JSON of the job, as a tree to indent. */
    private static JsonNode tree(Job job) {
        try {
            return JSON.readTree(JsonModel.json(job));
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
