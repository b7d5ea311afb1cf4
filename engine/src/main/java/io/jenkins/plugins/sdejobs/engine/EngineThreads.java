package io.jenkins.plugins.sdejobs.engine;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The few threads all waits share, so that a thousand waits cost a thousand small objects, not a thousand
 * threads: one scheduler for delays, four that send requests and wait for their answers, and two that the HTTP
 * client completes its exchanges on (with its selector thread, eight at most). Idle senders time out.
 */
public final class EngineThreads {
    private EngineThreads() {
    }

    /** Created on first use only: a host that brings its own threads (Jenkins) never starts these. */
    private static final class Shared {
        static final ScheduledExecutorService SCHEDULER = newScheduler("sde-jobs-scheduler");
        static final ExecutorService HTTP_POOL = Executors.newFixedThreadPool(2, daemon("sde-jobs-http"));
        static final ExecutorService SENDERS = newSenders("sde-jobs-send", 4);
        static final HttpClient CLIENT = newHttpClient(Duration.ofSeconds(10));
    }

    /** The engine's shared scheduler (one daemon thread). Callbacks run briefly on it and never block. */
    public static ScheduledExecutorService scheduler() { return Shared.SCHEDULER; }

    /** A fresh single-thread daemon scheduler, for a host (such as Jenkins) that wants to own and stop its own. */
    public static ScheduledExecutorService newScheduler(String name) {
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, daemon(name));
        s.setRemoveOnCancelPolicy(true); // a cancelled wait frees its memory at once
        return s;
    }

    /** The engine's shared senders: each thread sends one request and waits for its answer. */
    public static ExecutorService senders() { return Shared.SENDERS; }

    /**
     * A fresh pool of {@code threads} senders that time out when idle, for a host that wants to own and stop its
     * own. It must not be the HTTP client's executor: a sender waits for an answer that the client's executor
     * delivers.
     */
    public static ExecutorService newSenders(String name, int threads) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), daemon(name));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** The shared client: 10 s connect timeout, no redirects (a redirect means a wrong URL), TLS verified. */
    public static HttpClient sharedHttpClient() { return Shared.CLIENT; }

    /** A client like the shared one with another connect timeout; it shares the two threads it completes exchanges on. */
    public static HttpClient newHttpClient(Duration connectTimeout) {
        return HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(Shared.HTTP_POOL)
                .build();
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
