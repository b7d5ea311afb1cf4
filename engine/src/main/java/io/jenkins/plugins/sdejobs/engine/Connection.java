package io.jenkins.plugins.sdejobs.engine;

import java.util.Map;

/**
 * An SD Elements connection (to an issue tracker, scanner or directory). {@code params} has already been
 * redacted: secret values never enter this object. Nullable fields were absent in the server's answer.
 */
public record Connection(long id, String alias, String system, String command, String frequency, Long project,
                         Boolean inaccessible, Boolean inProgress, Map<String, Object> params) {
    public Connection {
        params = params == null ? Map.of() : params;
    }

    /** "alias (#id)", or just "#id" when the server sent no alias. */
    public String display() {
        return alias == null || alias.isEmpty() ? "#" + id : alias + " (#" + id + ")";
    }
}
