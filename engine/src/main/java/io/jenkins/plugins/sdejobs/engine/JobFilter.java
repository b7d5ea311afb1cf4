package io.jenkins.plugins.sdejobs.engine;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Filters of the jobs list. Null means "don't filter on this". Built from {@link #ALL} with the {@code with...}
 * methods, so each filter is named where it is set. Four go to the server; who started a job is matched here,
 * on the client, because the server's {@code user} filter means "run by", which on 5.x servers is the worker account.
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

    /**
     * Only jobs this person (an e-mail) started: their {@code triggered_by} where the server sends it, else their
     * {@code user} ({@link Job#startedBy()}), compared ignoring case.
     */
    public JobFilter withUser(String email) { return new JobFilter(automatic, connection, ready, succeeded, email); }

    /** Whether {@code job} passes the filters applied on the client. */
    boolean keeps(Job job) { return user == null || new User(null, user, null).sameAs(job.startedBy()); }

    /** The query string for these filters, without a leading {@code ?}; empty when none is set. */
    String toQuery() {
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("automatic", automatic);
        q.put("connection", connection);
        q.put("ready", ready);
        q.put("succeeded", succeeded);
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
