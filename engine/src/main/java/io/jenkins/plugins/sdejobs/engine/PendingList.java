package io.jenkins.plugins.sdejobs.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one read of a kind's pending jobs ({@code ready=false}, every page) found: the records of the jobs being
 * waited for, and every connection's highest pending id, which is the snapshot a start on that connection needs.
 */
record PendingList(Map<Long, Job> waited, Map<Long, Long> newestByConnection) {
    /** One job of the list: its id and connection, and its record when it is waited for. */
    record Row(long id, long connection, Job job) {
    }

    /** The row for {@code n}; its record is read only when {@code waited} holds its id. */
    static Row row(JobKind kind, JsonNode n, Set<Long> waited) {
        long id = n.path("id").asLong();
        JsonNode c = n.path("connection");
        long connection = c.isObject() ? c.path("id").asLong() : c.asLong();
        return new Row(id, connection, waited.contains(id) ? JsonModel.job(kind, n) : null);
    }

    static PendingList of(List<Row> rows) {
        Map<Long, Job> waited = new HashMap<>();
        Map<Long, Long> newest = new HashMap<>();
        for (Row r : rows) {
            if (r.job() != null) {
                waited.put(r.id(), r.job());
            }
            newest.merge(r.connection(), r.id(), Math::max);
        }
        return new PendingList(waited, newest);
    }

    /** The snapshot of {@code connection}'s pending jobs as this list saw them. */
    PendingSnapshot snapshot(long connection) { return PendingSnapshot.known(newestByConnection.getOrDefault(connection, 0L)); }
}
