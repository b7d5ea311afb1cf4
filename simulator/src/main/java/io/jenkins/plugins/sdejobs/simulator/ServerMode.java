package io.jenkins.plugins.sdejobs.simulator;

import java.util.Locale;

/**
 * Which generation of SD Elements the simulator plays. The vendor's Jobs reference describes {@link #LEGACY}
 * servers; customers run {@link #CURRENT} ones (release 5.x), and the vendor's newest documentation describes
 * {@link #NEWEST}.
 */
public enum ServerMode {
    /**
     * 2015–2018 (4.x): a job's {@code user} is the person whose token started it and there is no
     * {@code triggered_by}; ALM connections at {@code connections/alm/}; {@code users/me/} has an id;
     * {@code server-info/} answers anyone; maintenance is JSON with {@code Retry-After}.
     */
    LEGACY,
    /**
     * Release 5.x: {@code user} is the worker account and {@code triggered_by} the person; ALM connections at
     * {@code connections/issue-tracker/} with {@code issue_tracker_*} params (and still at {@code connections/alm/});
     * {@code users/me/} has no id; {@code server-info/} for super-users only; nginx's HTML 503 without
     * {@code Retry-After}; some errors are a bare JSON string, some 404s an HTML page.
     */
    CURRENT,
    /** As {@link #CURRENT}, but {@code connections/alm/} answers 404. */
    NEWEST;

    /** {@code legacy}, {@code current} or {@code newest}. */
    public String id() { return name().toLowerCase(Locale.ROOT); }

    /** The mode named {@code id}; the error lists the three. */
    public static ServerMode parse(String id) {
        for (ServerMode m : values()) {
            if (m.id().equalsIgnoreCase(id == null ? "" : id.trim())) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown server mode '" + id + "': use legacy (4.x), current (5.x) or newest");
    }

    boolean hasTriggeredBy() { return this != LEGACY; }

    boolean servesAlmConnectionsAtAlm() { return this != NEWEST; }

    boolean servesIssueTracker() { return this != LEGACY; }
}
