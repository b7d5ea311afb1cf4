package io.jenkins.plugins.sdejobs.engine;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

/**
 * What every client and wait of one host shares, and who owns it: one loop thread that runs every poll group
 * and retry delay, a few sender threads that each send one request and wait for its answer, the HTTP client, the
 * clock ({@code RuntimeParts}, what the lower layers see), and the poll groups ({@code PollGroups}). A thousand waits cost a thousand small objects, not threads.
 *
 * <p>A host that has a lifecycle (Jenkins) creates one and closes it when it stops; {@link #close()} ends every
 * wait still running with a plain message. Clients built without a runtime use {@link #defaultRuntime()}, which
 * lives as long as the JVM (the CLI's case).
 */
public final class SdeRuntime implements AutoCloseable {
    private final RuntimeParts parts;
    private final PollGroups groups;
    private final ExecutorService httpPool;
    private final boolean closable;
    private volatile boolean closed;

    private SdeRuntime(Builder b, boolean closable) {
        this.closable = closable;
        Loop loop = b.loop != null ? b.loop : new LoopThread(b.name + "-loop");
        ExecutorService senders = b.senders != null ? b.senders : pool(b.name + "-send", b.senderThreads);
        HttpClient http = b.httpClient;
        if (http == null) {
            this.httpPool = Executors.newFixedThreadPool(2, Daemons.named(b.name + "-http"));
            http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                    .followRedirects(HttpClient.Redirect.NEVER).executor(httpPool).build();
        } else {
            this.httpPool = null;
        }
        this.parts = new RuntimeParts(loop, senders, http, b.ticker, b.jitter);
        this.groups = new PollGroups(parts);
    }

    /** Threads named {@code sde-jobs-*}, four senders, the engine's own HTTP client. */
    public static SdeRuntime create() { return builder().build(); }

    public static Builder builder() { return new Builder(); }

    /** The runtime of clients built without one: created on first use, never closed. */
    public static SdeRuntime defaultRuntime() { return Default.RUNTIME; }

    private static final class Default {
        static final SdeRuntime RUNTIME = new SdeRuntime(new Builder(), false);
    }

    public Ticker ticker() { return parts.ticker(); }

    public boolean isClosed() { return closed; }

    /**
     * Stops the runtime's threads. Every wait still running ends with {@link SdeException.NetworkError} saying so
     * (the jobs keep running in SD Elements); calls made afterwards fail at once.
     */
    @Override
    public void close() {
        if (!closable) {
            throw new IllegalStateException("The default SD Elements runtime lives as long as the JVM");
        }
        if (closed) {
            return;
        }
        closed = true;
        parts.loop().close(groups::stopAll);
        parts.senders().shutdownNow();
        if (httpPool != null) {
            httpPool.shutdownNow();
        }
    }

    RuntimeParts parts() { return parts; }

    PollGroups groups() { return groups; }

    /** How many waits the poll groups hold, for leak checks in tests. On the loop only. */
    int waits() { return groups.waits(); }

    private static ExecutorService pool(String name, int threads) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), Daemons.named(name));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** Settings for a runtime; all optional. */
    public static final class Builder {
        private String name = "sde-jobs";
        private int senderThreads = 4;
        private HttpClient httpClient;
        private Ticker ticker = Ticker.SYSTEM;
        private Loop loop;
        private ExecutorService senders;
        private DoubleSupplier jitter = () -> ThreadLocalRandom.current().nextDouble();

        private Builder() {
        }

        /** The prefix of the runtime's thread names (default {@code sde-jobs}). */
        public Builder name(String name) { this.name = Objects.requireNonNull(name); return this; }

        /**
         * How many requests may be in flight at once (default 4): enough that a few calls stalled behind a slow
         * proxy do not hold up the others. Idle senders time out.
         */
        public Builder senderThreads(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("A runtime needs at least one sender thread");
            }
            this.senderThreads = n;
            return this;
        }

        /**
         * The HTTP client to send with, e.g. one that goes through a proxy (default: the runtime's own: 10 s connect
         * timeout, no redirects, since a redirect means a wrong URL). TLS verification must stay on.
         */
        public Builder httpClient(HttpClient c) { this.httpClient = Objects.requireNonNull(c); return this; }

        /** For tests: a clock and a loop that a test moves (see the engine's tests, {@code FakeTime}). */
        Builder fakeTime(Ticker ticker, Loop loop) {
            this.ticker = Objects.requireNonNull(ticker);
            this.loop = Objects.requireNonNull(loop);
            return this;
        }

        /** For tests: senders that a test can count. */
        Builder senders(ExecutorService s) { this.senders = Objects.requireNonNull(s); return this; }

        /** For tests: a fixed draw, so that poll times and retry delays are exact. */
        Builder jitter(DoubleSupplier j) { this.jitter = Objects.requireNonNull(j); return this; }

        public SdeRuntime build() { return new SdeRuntime(this, true); }
    }
}
