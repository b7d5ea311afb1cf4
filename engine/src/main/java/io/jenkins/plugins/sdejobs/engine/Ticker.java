package io.jenkins.plugins.sdejobs.engine;

/**
 * The one clock of a {@link SdeRuntime}: monotonic nanoseconds. Poll times, deadlines, heartbeats and retry delays
 * are all read from it, so a test runtime that moves it by hand sees exact schedules without sleeping.
 */
@FunctionalInterface
public interface Ticker {
    Ticker SYSTEM = System::nanoTime;

    long nanoTime();
}
