package io.jenkins.plugins.sdejobs;

import io.jenkins.plugins.sdejobs.engine.Connection;
import io.jenkins.plugins.sdejobs.engine.Job;
import io.jenkins.plugins.sdejobs.engine.User;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What Pipeline scripts get back: plain maps of strings, numbers and booleans (the sandbox allows no custom
 * classes). No params, so no secret, ever leaves the engine's model.
 */
public final class JobResults {
    private JobResults() {
    }

    public static Map<String, Object> toMap(Job job, String server) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", job.id());
        m.put("kind", job.kind().id());
        m.put("ready", job.ready());
        m.put("succeeded", job.succeeded());
        m.put("resultMessage", job.resultMessage());
        User triggeredBy = job.triggeredBy();
        m.put("triggeredBy", triggeredBy == null ? null : triggeredBy.display());
        OffsetDateTime lastRun = job.lastRun(); // read once: spotbugs cannot know a record accessor is stable
        m.put("lastRun", lastRun == null ? null : lastRun.toString());
        Connection c = job.connection();
        m.put("connectionId", c == null ? null : c.id());
        m.put("connectionAlias", c == null ? null : c.alias());
        m.put("system", c == null ? null : c.system());
        m.put("server", server);
        return m;
    }

    public static List<Map<String, Object>> toMaps(List<Job> jobs, String server) {
        List<Map<String, Object>> out = new ArrayList<>();
        jobs.forEach(j -> out.add(toMap(j, server)));
        return out;
    }

    /** A connection: id, alias, system, project and lastJob (id, ready, succeeded, when; null if it never ran). */
    public static Map<String, Object> toMap(Connection c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("alias", c.alias());
        m.put("system", c.system());
        m.put("project", c.project());
        Connection.LastJob last = c.lastJob();
        if (last == null) {
            m.put("lastJob", null);
        } else {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("id", last.id());
            l.put("ready", last.ready());
            l.put("succeeded", last.succeeded());
            OffsetDateTime when = last.when();
            l.put("when", when == null ? null : when.toString());
            m.put("lastJob", l);
        }
        return m;
    }

    public static List<Map<String, Object>> connectionMaps(List<Connection> connections) {
        List<Map<String, Object>> out = new ArrayList<>();
        connections.forEach(c -> out.add(toMap(c)));
        return out;
    }
}
