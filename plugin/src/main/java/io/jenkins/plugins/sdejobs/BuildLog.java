package io.jenkins.plugins.sdejobs;

import hudson.model.TaskListener;
import io.jenkins.plugins.sdejobs.engine.Durations;
import io.jenkins.plugins.sdejobs.engine.Job;
import io.jenkins.plugins.sdejobs.engine.SdeException;
import io.jenkins.plugins.sdejobs.engine.WatchListener;
import java.time.Duration;

/**
 * What a wait writes to the build log: status changes, a heartbeat every few minutes, and poll errors. Never
 * headers, payloads, params or the token: only the engine's already-scrubbed messages.
 */
public class BuildLog implements WatchListener {
    private final TaskListener listener;

    public BuildLog(TaskListener listener) { this.listener = listener; }

    public void println(String line) {
        listener.getLogger().println("[SD Elements] " + line);
    }

    @Override
    public void onStatusChange(Job job, Duration elapsed) {
        println(job.describe() + ": " + job.status().label() + " (" + Durations.format(elapsed) + ")");
    }

    @Override
    public void onHeartbeat(Job job, Duration elapsed) {
        println(job.describe() + ": still " + job.status().label() + " after " + Durations.format(elapsed));
    }

    @Override
    public void onPollError(SdeException error, Duration elapsed) {
        println("polling failed, will retry: " + error.getMessage());
    }
}
