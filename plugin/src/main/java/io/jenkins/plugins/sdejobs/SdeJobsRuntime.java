package io.jenkins.plugins.sdejobs;

import hudson.ProxyConfiguration;
import hudson.init.InitMilestone;
import hudson.init.Initializer;
import hudson.init.Terminator;
import hudson.util.DaemonThreadFactory;
import hudson.util.NamingThreadFactory;
import hudson.util.Secret;
import io.jenkins.plugins.sdejobs.engine.ApiToken;
import io.jenkins.plugins.sdejobs.engine.EngineThreads;
import io.jenkins.plugins.sdejobs.engine.SdeClient;
import java.io.IOException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import jenkins.model.Jenkins;

/**
 * The plugin's own threads, all stopped when Jenkins shuts down and not started again by a late caller: one
 * scheduler for every wait in this controller (not {@code jenkins.util.Timer}, which must not be held up), a
 * small pool for the work a step starts with (credentials lookups), eight threads that send requests, a small
 * pool that completes HTTP answers, and one proxy-aware HTTP client.
 */
public final class SdeJobsRuntime {
    private static ScheduledExecutorService scheduler;
    private static ExecutorService background;
    private static ExecutorService httpPool;
    private static ExecutorService senders;
    private static HttpClient httpClient;
    private static ProxyConfiguration proxyOfClient;
    private static volatile boolean stopping;

    private SdeJobsRuntime() {
    }

    public static synchronized ScheduledExecutorService scheduler() {
        checkRunning();
        if (scheduler == null) {
            scheduler = EngineThreads.newScheduler("sde-jobs-jenkins");
        }
        return scheduler;
    }

    /** Up to four threads, which end when idle, for work that may block (a credentials provider's lookup). */
    public static synchronized ExecutorService background() {
        checkRunning();
        if (background == null) {
            background = pool(4, "sde-jobs-jenkins-start");
        }
        return background;
    }

    /**
     * Eight threads that send requests and wait for their answers: enough that a few POSTs stalled behind a slow
     * proxy do not hold up the other builds' polls.
     */
    private static synchronized ExecutorService senders() {
        checkRunning();
        if (senders == null) {
            senders = pool(8, "sde-jobs-jenkins-send");
        }
        return senders;
    }

    /**
     * A client builder on the plugin's threads and HTTP client, with Jenkins' proxy credentials when the proxy
     * has a user name. They go as {@code Proxy-Authorization}, to the proxy only: the JDK {@code Authenticator}
     * that {@code ProxyConfiguration.newHttpClientBuilder()} installs would keep the API token's
     * {@code Authorization} header from reaching SD Elements on Java 17+ (JDK-8326949), so every call would
     * fail with 401 and the token would be blamed.
     */
    public static SdeClient.Builder clientBuilder(String url, ApiToken token) {
        SdeClient.Builder b = SdeClient.builder(url, token).httpClient(httpClient()).scheduler(scheduler())
                .senders(senders());
        ProxyConfiguration proxy = Jenkins.get().getProxy();
        if (proxy != null && proxy.getName() != null && proxy.getUserName() != null) {
            b.proxyCredentials(proxy.getUserName(), Secret.toString(proxy.getSecretPassword()));
        }
        return b;
    }

    /** Jenkins' proxy and no-proxy hosts, TLS verified, no Authenticator; rebuilt when the proxy changes. */
    private static synchronized HttpClient httpClient() {
        checkRunning();
        ProxyConfiguration proxy = Jenkins.get().getProxy();
        if (httpClient == null || proxy != proxyOfClient) {
            if (httpPool == null) {
                httpPool = pool(2, "sde-jobs-jenkins-http");
            }
            HttpClient.Builder b = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(10))
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .executor(httpPool);
            if (proxy != null && proxy.getName() != null) {
                b.proxy(new ProxySelector() {
                    @Override
                    public List<Proxy> select(URI uri) { return List.of(proxy.createProxy(uri.getHost())); }

                    @Override
                    public void connectFailed(URI uri, SocketAddress address, IOException e) {
                    }
                });
            }
            httpClient = b.build();
            proxyOfClient = proxy;
        }
        return httpClient;
    }

    /**
     * True once Jenkins is shutting down. Calls then fail because their threads are stopped, not because of
     * SD Elements: a step must not report that as its outcome, but leave it to {@code onResume} after the restart.
     */
    public static boolean isStopping() { return stopping; }

    private static void checkRunning() {
        if (stopping) {
            throw new RejectedExecutionException("Jenkins is shutting down");
        }
    }

    /** A new start of Jenkins in the same JVM (as in tests) starts afresh. */
    @Initializer(after = InitMilestone.PLUGINS_STARTED)
    public static synchronized void started() {
        stopAll();
        stopping = false;
    }

    @Terminator
    public static synchronized void shutdown() {
        stopping = true;
        stopAll();
    }

    private static void stopAll() {
        scheduler = stop(scheduler);
        background = stop(background);
        if (httpClient != null) {
            httpClient.shutdownNow();
            httpClient = null;
        }
        httpPool = stop(httpPool);
        senders = stop(senders);
    }

    /** Stops {@code pool} if it was started; returns null, for the field that held it. */
    private static <T extends ExecutorService> T stop(T pool) {
        if (pool != null) {
            pool.shutdownNow();
        }
        return null;
    }

    private static ExecutorService pool(int threads, String name) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                new NamingThreadFactory(new DaemonThreadFactory(), name));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
