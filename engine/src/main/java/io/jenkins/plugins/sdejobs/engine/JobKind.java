package io.jenkins.plugins.sdejobs.engine;

import java.util.Locale;

/** The three kinds of SD Elements job, each with its own endpoint under {@code /api/v2/jobs/}. */
public enum JobKind {
    /** An ALM (issue tracker) sync. */
    ALM("alm", "ALM sync"),
    /** A security scanner (analysis) import. */
    ANALYSIS("analysis", "analysis import"),
    /** An LDAP sync. */
    LDAP("ldap", "LDAP sync");

    private final String id;
    private final String label;

    JobKind(String id, String label) {
        this.id = id;
        this.label = label;
    }

    /** The name used in the API path and by users: {@code alm}, {@code analysis} or {@code ldap}. */
    public String id() { return id; }

    /** A phrase for messages, such as "ALM sync". */
    public String label() { return label; }

    /** Parses a user's word for a kind, ignoring case; the error lists the valid ones. */
    public static JobKind parse(String text) {
        if (text != null) {
            String t = text.trim().toLowerCase(Locale.ROOT);
            for (JobKind k : values()) {
                if (k.id.equals(t)) {
                    return k;
                }
            }
        }
        throw new IllegalArgumentException("Unknown job kind '" + text + "': use alm, analysis or ldap");
    }

    @Override
    public String toString() { return id; }
}
