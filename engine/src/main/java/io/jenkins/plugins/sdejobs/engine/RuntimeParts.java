package io.jenkins.plugins.sdejobs.engine;

import java.net.http.HttpClient;
import java.util.concurrent.ExecutorService;
import java.util.function.DoubleSupplier;

/**
 * A runtime's threads, HTTP client and clock, as the layers below it see them: they send, schedule and read the
 * time, and never see the poll groups that the runtime also holds.
 */
record RuntimeParts(Loop loop, ExecutorService senders, HttpClient http, Ticker ticker, DoubleSupplier jitterSource) {
    /** A draw in [0, 1) that spreads polls and retries; a test runtime fixes it. */
    double jitter() { return jitterSource.getAsDouble(); }

    long now() { return ticker.nanoTime(); }
}
