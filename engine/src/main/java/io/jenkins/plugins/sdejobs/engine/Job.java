package io.jenkins.plugins.sdejobs.engine;

import java.time.OffsetDateTime;
import org.jspecify.annotations.Nullable;

/**
 * An SD Elements job of one kind. Its state is the server's two booleans: {@code ready} (finished, either way)
 * and {@code succeeded}. {@code user} is who ran it: on current servers the worker account, on older ones the
 * person who started it. {@code triggeredBy} is the person whose token started it, on servers that say so (5.x);
 * null on older ones. {@code resultMessage} is scrubbed of the connection's secret values. {@code lastRun} is
 * when the job last ran, as the server wrote it; null when it has not run yet or the server sent no time.
 */
public record Job(long id, JobKind kind, @Nullable User user, @Nullable User triggeredBy, boolean ready, boolean succeeded, boolean automatic,
                  String resultMessage, @Nullable OffsetDateTime lastRun, @Nullable Connection connection) {
    public Job {
        resultMessage = resultMessage == null ? "" : resultMessage;
    }

    /**
     * Who started it: {@code triggeredBy} where the server sends it, else {@code user} (servers before 5.x, where
     * the two were one). Null when neither is known.
     */
    public @Nullable User startedBy() { return triggeredBy != null ? triggeredBy : user; }

    /** Its kind and id, which name it in every call. */
    public JobRef ref() { return new JobRef(kind, id); }

    /** What the two booleans mean together. */
    public enum Status {
        QUEUED("queued or running"), SUCCEEDED("succeeded"), FAILED("failed");

        private final String label;

        Status(String label) { this.label = label; }

        public String label() { return label; }
    }

    public Status status() {
        if (!ready) {
            return Status.QUEUED;
        }
        return succeeded ? Status.SUCCEEDED : Status.FAILED;
    }

    /** e.g. "alm job 42 (Jira (#7))". */
    public String describe() {
        return kind + " job " + id + (connection == null ? "" : " (" + connection.display() + ")");
    }
}
