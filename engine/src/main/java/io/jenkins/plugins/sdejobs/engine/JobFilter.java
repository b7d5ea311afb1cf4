package io.jenkins.plugins.sdejobs.engine;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The five filters of the jobs list endpoints. Null means "don't filter on this". Built from {@link #ALL} with
 * the {@code with...} methods, so each filter is named where it is set.
 */
public final class JobFilter {
    public static final JobFilter ALL = new JobFilter(null, null, null, null, null);

    private final Boolean automatic;
    private final Long connection;
    private final Boolean ready;
    private final Boolean succeeded;
    private final String user;

    private JobFilter(Boolean automatic, Long connection, Boolean ready, Boolean succeeded, String user) {
        this.automatic = automatic;
        this.connection = connection;
        this.ready = ready;
        this.succeeded = succeeded;
        this.user = user;
    }

    public JobFilter withAutomatic(Boolean v) { return new JobFilter(v, connection, ready, succeeded, user); }

    public JobFilter withConnection(Long v) { return new JobFilter(automatic, v, ready, succeeded, user); }

    public JobFilter withReady(Boolean v) { return new JobFilter(automatic, connection, v, succeeded, user); }

    public JobFilter withSucceeded(Boolean v) { return new JobFilter(automatic, connection, ready, v, user); }

    public JobFilter withUser(String v) { return new JobFilter(automatic, connection, ready, succeeded, v); }

    /** The query string for these filters, without a leading {@code ?}; empty when none is set. */
    String toQuery() {
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("automatic", automatic);
        q.put("connection", connection);
        q.put("ready", ready);
        q.put("succeeded", succeeded);
        q.put("user", user);
        StringBuilder sb = new StringBuilder();
        q.forEach((k, v) -> {
            if (v != null) {
                sb.append(sb.length() == 0 ? "" : "&").append(k).append('=')
                        .append(URLEncoder.encode(v.toString(), StandardCharsets.UTF_8));
            }
        });
        return sb.toString();
    }
}
