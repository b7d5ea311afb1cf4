package io.jenkins.plugins.sdejobs.cli;

import io.jenkins.plugins.sdejobs.engine.Durations;
import io.jenkins.plugins.sdejobs.engine.Job;
import io.jenkins.plugins.sdejobs.engine.SdeException;
import io.jenkins.plugins.sdejobs.engine.WatchListener;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Progress of one wait on stderr. On a terminal it is one status line updated in place; elsewhere (CI logs)
 * plain lines: status changes, a heartbeat, and poll errors.
 */
final class Progress implements WatchListener, AutoCloseable {
    private final PrintStream err;
    private final boolean live;
    private final String label;
    private final long start = System.nanoTime();
    private final ScheduledExecutorService ticker;
    private volatile String state = "starting";

    Progress(Context ctx, String label, boolean live) {
        this.err = ctx.err();
        this.live = live;
        this.label = label;
        if (live) {
            ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "sde-jobs-progress");
                t.setDaemon(true);
                return t;
            });
            ticker.scheduleAtFixedRate(this::redraw, 0, 250, TimeUnit.MILLISECONDS);
        } else {
            ticker = null;
        }
    }

    @Override
    public void onStatusChange(Job job, Duration elapsed) {
        state = job.status().label();
        line(label + ": " + state);
    }

    @Override
    public void onHeartbeat(Job job, Duration elapsed) {
        line(label + ": still " + job.status().label());
    }

    @Override
    public void onPollError(SdeException error, Duration elapsed) {
        line(label + ": poll failed, will retry: " + error.getMessage());
    }

    /** Ends the live line and prints a last plain line. */
    void done(String message) {
        close();
        line(message);
    }

    Duration elapsed() { return Duration.ofNanos(System.nanoTime() - start); }

    private synchronized void line(String text) {
        String stamped = "[" + pad(Durations.format(elapsed())) + "] " + text;
        if (live && ticker != null && !ticker.isShutdown()) {
            if (!text.startsWith(label + ": " + state)) {
                err.print("\r\033[K" + stamped + "\n"); // keep errors and heartbeats in the scroll-back
            }
            redraw();
        } else {
            err.println(stamped);
        }
    }

    private synchronized void redraw() {
        err.print("\r\033[K" + label + ": " + state + " · " + Durations.format(elapsed()));
        err.flush();
    }

    @Override
    public synchronized void close() {
        if (ticker != null && !ticker.isShutdown()) {
            ticker.shutdownNow();
            err.print("\r\033[K");
            err.flush();
        }
    }

    private static String pad(String s) {
        return s.length() >= 7 ? s : " ".repeat(7 - s.length()) + s;
    }
}
