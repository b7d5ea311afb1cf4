package io.jenkins.plugins.sdejobs.cli;

import io.jenkins.plugins.sdejobs.engine.Durations;
import io.jenkins.plugins.sdejobs.engine.Job;
import io.jenkins.plugins.sdejobs.engine.JobKind;
import io.jenkins.plugins.sdejobs.engine.JobWatch;
import io.jenkins.plugins.sdejobs.engine.SdeClient;

/** Waits for one job with progress on stderr and the result on stdout; returns the exit code. */
final class Waiter {
    private final Context ctx;

    Waiter(Context ctx) { this.ctx = ctx; }

    /** {@code known} is the job's state just read (from the POST), or null to poll at once. */
    int await(SdeClient client, JobKind kind, long id, Job known, WaitFlags options, boolean json)
            throws InterruptedException {
        String label = kind + " job " + id;
        try (Progress progress = new Progress(ctx, label, options.live(ctx))) {
            var watchOptions = options.toWatchOptions(ctx).withListener(progress);
            JobWatch watch = known == null ? client.watch(kind, id, watchOptions) : client.watch(known, watchOptions);
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
                Output.job(ctx.out(), done, json);
                return done.succeeded() ? Exit.OK : Exit.JOB_FAILED;
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
