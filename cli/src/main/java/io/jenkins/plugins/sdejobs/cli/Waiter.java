package io.jenkins.plugins.sdejobs.cli;

import io.jenkins.plugins.sdejobs.engine.Durations;
import io.jenkins.plugins.sdejobs.engine.Job;
import io.jenkins.plugins.sdejobs.engine.JobRef;
import io.jenkins.plugins.sdejobs.engine.JobWatch;
import io.jenkins.plugins.sdejobs.engine.SdeClient;
import io.jenkins.plugins.sdejobs.engine.WatchOptions;
import java.util.function.Function;

/** Waits for one job with progress on stderr and the result on stdout; returns the exit code. */
final class Waiter {
    private final Context ctx;

    Waiter(Context ctx) { this.ctx = ctx; }

    /** Waits for a job just started, whose state the POST's answer gave: the first poll waits one interval. */
    int awaitStarted(SdeClient client, Job started, WaitFlags options, boolean json) throws InterruptedException {
        return await(started.ref(), o -> client.watch(started, o), options, json);
    }

    /** Waits for an existing job, polling it at once. */
    int await(SdeClient client, JobRef ref, WaitFlags options, boolean json) throws InterruptedException {
        return await(ref, o -> client.watch(ref, o), options, json);
    }

    private int await(JobRef ref, Function<WatchOptions, JobWatch> start, WaitFlags options, boolean json)
            throws InterruptedException {
        Job done = awaitJob(ref, start, options);
        Output.job(ctx.out(), done, json);
        return done.succeeded() ? Exit.OK : Exit.JOB_FAILED;
    }

    /** Waits for a job just started, as {@link #awaitStarted}, and returns it finished, printing nothing on stdout. */
    Job awaitStartedJob(SdeClient client, Job started, WaitFlags options) throws InterruptedException {
        return awaitJob(started.ref(), o -> client.watch(started, o), options);
    }

    private Job awaitJob(JobRef ref, Function<WatchOptions, JobWatch> start, WaitFlags options) throws InterruptedException {
        String label = ref.toString();
        try (Progress progress = new Progress(ctx, label, options.live(ctx))) {
            JobWatch watch = start.apply(options.toWatchOptions(ctx).withListener(progress));
            // Ctrl-C: stop polling and say what is left running; the JVM then exits with 130.
            Thread onInterrupt = new Thread(() -> {
                watch.cancel();
                progress.done("Interrupted: stopped waiting for " + label
                        + ". The job keeps running in SD Elements (the API has no cancel).");
            });
            Runtime.getRuntime().addShutdownHook(onInterrupt);
            try {
                Job done = watch.await();
                progress.done(label + " " + done.status().label() + " after " + Durations.format(progress.elapsed()));
                return done;
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(onInterrupt);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running: nothing to undo
                }
            }
        }
    }
}
