package io.jenkins.plugins.sdejobs.cli;

import io.jenkins.plugins.sdejobs.engine.WatchOptions;
import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code --timeout}, {@code --poll} and {@code --progress}, shared by run and wait. */
final class WaitFlags {
    /** How progress is shown on stderr. */
    enum ProgressMode { auto, live, plain }

    @Option(names = "--timeout", paramLabel = "DUR", converter = Converters.Dur.class,
            description = "Give up waiting after DUR: 90s, 5m, 2h, PT5M, or seconds; queued time counts "
                    + "(default: 2h, the longest SD Elements runs a job)")
    Duration timeout = WatchOptions.DEFAULT.timeout();

    @Option(names = "--poll", paramLabel = "DUR", converter = Converters.Dur.class,
            description = "First poll interval; it grows ×1.2 up to 30s, or up to DUR if longer (default: 1s)")
    Duration poll = Duration.ofSeconds(1);

    @Option(names = "--progress", paramLabel = "MODE",
            description = "auto, live (one line updated in place) or plain (a line per change); default: "
                    + "$SDE_JOBS_PROGRESS (now ${env:SDE_JOBS_PROGRESS:-unset}), else auto: live only when stderr, stdin and stdout are terminals")
    ProgressMode progress;

    /** Whether progress is one live line: --progress, else SDE_JOBS_PROGRESS (EnvDefaults), else what the terminal allows. */
    boolean live(Context ctx) {
        ProgressMode mode = progress == null ? ProgressMode.auto : progress;
        return mode == ProgressMode.auto ? ctx.liveProgress() : mode == ProgressMode.live;
    }

    WatchOptions toWatchOptions(Context ctx) {
        Duration max = poll.compareTo(Duration.ofSeconds(30)) > 0 ? poll : Duration.ofSeconds(30);
        return WatchOptions.DEFAULT.withPollIntervals(poll, max).withTimeout(timeout)
                .withHeartbeat(live(ctx) ? Duration.ofMinutes(60) : Duration.ofSeconds(30));
    }
}
