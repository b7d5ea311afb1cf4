package io.jenkins.plugins.sdejobs.engine;

import java.time.OffsetDateTime;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An SD Elements connection (to an issue tracker, scanner or directory). {@code params} has already been
 * redacted: secret values never enter this object. Nullable fields were absent in the server's answer;
 * {@code lastJob} is there only when it was asked for ({@code include=last_job}) and the connection has run.
 */
public record Connection(long id, @Nullable String alias, @Nullable String system, @Nullable String command,
                         @Nullable String frequency, @Nullable Long project, @Nullable Boolean inaccessible,
                         @Nullable Boolean inProgress, Map<String, Object> params, @Nullable LastJob lastJob) {
    public Connection {
        params = params == null ? Map.of() : params;
    }

    /** The connection's newest job, as its listing summarises it; {@code when}: when it ran, or was created. */
    public record LastJob(long id, boolean ready, boolean succeeded, @Nullable OffsetDateTime when) {
    }

    /** "alias (#id)", or just "#id" when the server sent no alias. */
    public String display() {
        return alias == null || alias.isEmpty() ? "#" + id : alias + " (#" + id + ")";
    }
}
