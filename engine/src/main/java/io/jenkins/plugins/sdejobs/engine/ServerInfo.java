package io.jenkins.plugins.sdejobs.engine;

/** What {@code server-info/} tells: the version and how many jobs wait in the server's queue (null if unknown). */
public record ServerInfo(String version, Long jobsQueueLength) {
}
