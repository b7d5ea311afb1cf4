package io.jenkins.plugins.sdejobs.engine;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An SD Elements connection (to an issue tracker, scanner or directory). {@code params} has already been
 * redacted: secret values never enter this object. Nullable fields were absent in the server's answer.
 */
public record Connection(long id, @Nullable String alias, @Nullable String system, @Nullable String command,
                         @Nullable String frequency, @Nullable Long project, @Nullable Boolean inaccessible,
                         @Nullable Boolean inProgress, Map<String, Object> params) {
    public Connection {
        params = params == null ? Map.of() : params;
    }

    /** "alias (#id)", or just "#id" when the server sent no alias. */
    public String display() {
        return alias == null || alias.isEmpty() ? "#" + id : alias + " (#" + id + ")";
    }
}
