package io.jenkins.plugins.sdejobs;

import hudson.model.TaskListener;
import io.jenkins.plugins.sdejobs.engine.CallListener;
import io.jenkins.plugins.sdejobs.engine.Durations;
import io.jenkins.plugins.sdejobs.engine.Job;
import io.jenkins.plugins.sdejobs.engine.RetryDecision;
import io.jenkins.plugins.sdejobs.engine.SdeException;
import io.jenkins.plugins.sdejobs.engine.WatchListener;
import java.time.Duration;

/**
 * What a step writes to the build log: status changes, a heartbeat every few minutes, and poll errors. Never
 * headers, payloads, params or the token: only the engine's already-scrubbed messages. Every time it gives is
 * counted from one origin, the step's start, so the lines agree with each other, also across a restart.
 */
public class BuildLog implements WatchListener, CallListener {
    /** The same retry notice at most this often: a long outage must not flood the log. */
    private static final long REPEAT_MILLIS = Duration.ofMinutes(5).toMillis();
    private final TaskListener listener;
    private final long originEpochMillis;
    private String lastRetry;
    private long lastRetryMillis;

    public BuildLog(TaskListener listener, long originEpochMillis) {
        this.listener = listener;
        this.originEpochMillis = originEpochMillis;
    }

    public void println(String line) {
        listener.getLogger().println("[SD Elements] " + line);
    }

    /** Time since the origin, e.g. "4.3s". */
    public String elapsed() {
        return Durations.format(Duration.ofMillis(Math.max(0, System.currentTimeMillis() - originEpochMillis)));
    }

    /** The job's final line: "alm job 42 (Jira (#7)) succeeded after 4.3s: Synced with JIRA". */
    public void finished(Job job) {
        println(Messages.JobExecution_Finished(job.describe(), job.status().label(), elapsed(),
                job.resultMessage().isEmpty() ? "" : ": " + job.resultMessage()));
    }

    @Override
    public void onStatusChange(Job job, Duration sinceWatchStarted) {
        println(job.describe() + ": " + job.status().label() + " (" + elapsed() + ")");
    }

    @Override
    public void onHeartbeat(Job job, Duration sinceWatchStarted) {
        println(job.describe() + ": still " + job.status().label() + " after " + elapsed());
    }

    @Override
    public void onPollError(SdeException error, Duration sinceWatchStarted) {
        retry("polling failed, will retry: " + error.getMessage());
    }

    @Override
    public void onRetryDecision(String call, SdeException error, int attempt, RetryDecision decision) {
        if (decision instanceof RetryDecision.Retry r) {
            retry(call + " failed, trying again in " + Durations.format(r.delay()) + ": " + error.getMessage());
        } else if (decision instanceof RetryDecision.GiveUp g) {
            retry(call + " failed " + attempt + " times; giving up (" + g.why().label() + "): " + error.getMessage());
        }
    }

    @Override
    public void onAdopted(String call, SdeException error, Job job) {
        println(Messages.BuildLog_Adopted(call, error == null ? "its answer was lost to a restart" : error.getMessage(),
                job.describe()));
    }

    private synchronized void retry(String line) {
        if (SdeJobsRuntime.stoppingNow()) {
            return; // calls cut off by Jenkins' own shutdown are no news; the step resumes after the restart
        }
        long now = System.currentTimeMillis();
        if (!line.equals(lastRetry) || now - lastRetryMillis >= REPEAT_MILLIS) {
            println(line);
            lastRetry = line;
            lastRetryMillis = now;
        }
    }
}
