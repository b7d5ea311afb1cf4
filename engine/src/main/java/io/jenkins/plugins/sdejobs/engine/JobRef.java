package io.jenkins.plugins.sdejobs.engine;

import java.util.Objects;

/** Which job: its kind and id, the pair every call about one job needs. Job ids are unique within a kind only. */
public record JobRef(JobKind kind, long id) {
    public JobRef {
        Objects.requireNonNull(kind, "kind");
        if (id <= 0) {
            throw new IllegalArgumentException("A job id is a positive number, not " + id);
        }
    }

    public static JobRef of(JobKind kind, long id) { return new JobRef(kind, id); }

    /** e.g. "alm job 42". */
    @Override
    public String toString() { return kind + " job " + id; }
}
