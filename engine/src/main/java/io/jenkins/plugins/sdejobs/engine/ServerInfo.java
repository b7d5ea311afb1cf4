package io.jenkins.plugins.sdejobs.engine;

import org.jspecify.annotations.Nullable;

/** What {@code server-info/} tells: the version and how many jobs wait in the server's queue (null if unknown). */
public record ServerInfo(@Nullable String version, @Nullable Long jobsQueueLength) {
}
