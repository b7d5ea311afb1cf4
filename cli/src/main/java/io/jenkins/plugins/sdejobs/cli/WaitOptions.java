package io.jenkins.plugins.sdejobs.cli;

import io.jenkins.plugins.sdejobs.engine.WatchOptions;
import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code --timeout} and {@code --poll}, shared by run and wait. */
final class WaitOptions {
    @Option(names = "--timeout", paramLabel = "DUR", converter = Converters.Dur.class,
            description = "Give up waiting after DUR: 90s, 5m, 1h, PT5M, or seconds (default: 60m)")
    Duration timeout = Duration.ofMinutes(60);

    @Option(names = "--poll", paramLabel = "DUR", converter = Converters.Dur.class,
            description = "First poll interval; it grows ×1.2 up to 30s, or up to DUR if longer (default: 1s)")
    Duration poll = Duration.ofSeconds(1);

    WatchOptions toWatchOptions(Context ctx) {
        Duration max = poll.compareTo(Duration.ofSeconds(30)) > 0 ? poll : Duration.ofSeconds(30);
        return WatchOptions.DEFAULT.withMaxInterval(max).withFirstInterval(poll).withTimeout(timeout)
                .withHeartbeat(ctx.liveProgress() ? Duration.ofMinutes(60) : Duration.ofSeconds(30));
    }
}
