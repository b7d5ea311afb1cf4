package io.jenkins.plugins.sdejobs.engine;

import java.util.Objects;

/** The result of a job run elsewhere, to record with {@link SdeClient#recordResult}: succeeded or not, and its message. */
public record Outcome(boolean succeeded, String message) {
    public Outcome {
        Objects.requireNonNull(message, "message");
    }

    public static Outcome succeeded(String message) { return new Outcome(true, message); }

    public static Outcome failed(String message) { return new Outcome(false, message); }
}
