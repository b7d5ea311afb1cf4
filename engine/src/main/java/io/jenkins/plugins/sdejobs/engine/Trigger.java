package io.jenkins.plugins.sdejobs.engine;

/** Who started a job, as SD Elements records it (the API's {@code automatic} field). */
public enum Trigger {
    /** Started by a person, or a build acting for one: the usual case. */
    MANUAL,
    /** Started by a schedule or another tool. */
    AUTOMATIC;

    /** The API's {@code automatic} flag as a trigger. */
    public static Trigger of(boolean automatic) { return automatic ? AUTOMATIC : MANUAL; }

    boolean automatic() { return this == AUTOMATIC; }
}
