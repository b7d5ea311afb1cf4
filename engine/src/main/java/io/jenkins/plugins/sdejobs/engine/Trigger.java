package io.jenkins.plugins.sdejobs.engine;

/** Who started a job, as SD Elements records it (the API's {@code automatic} field). */
public enum Trigger {
    /** Started by a person, or a build acting for one: the usual case. */
    MANUAL,
    /** Started by a schedule or another tool. */
    AUTOMATIC;

    boolean automatic() { return this == AUTOMATIC; }
}
