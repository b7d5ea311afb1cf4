package io.jenkins.plugins.sdejobs;

import hudson.Extension;
import hudson.ExtensionList;
import hudson.ProxyConfiguration;
import hudson.init.Terminator;
import hudson.util.DaemonThreadFactory;
import hudson.util.NamingThreadFactory;
import hudson.util.Secret;
import io.jenkins.plugins.sdejobs.engine.ApiToken;
import io.jenkins.plugins.sdejobs.engine.SdeClient;
import io.jenkins.plugins.sdejobs.engine.SdeRuntime;
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
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import jenkins.model.Jenkins;

/**
 * The plugin's own threads, one set per Jenkins instance, started on first use and all stopped when Jenkins shuts
 * down (not started again by a late caller): the engine's {@link SdeRuntime} (its loop thread for every wait in this
 * controller, not {@code jenkins.util.Timer}, which must not be held up; three senders; its HTTP client and two
 * threads that complete answers), and a small pool for a step's own work (credentials lookups, continuations). A
 * new Jenkins in the same JVM (as in tests) has a new instance, so nothing survives from the last one.
 */
@Extension
public final class SdeJobsRuntime {
    /*
     * Eight threads at most, however many builds wait: the loop, these senders (each request is short, and a
     * shared poll needs one list per round for all waits), the HTTP client's completions and the step pool.
     */
    private static final int SENDERS = 3;
    private static final int HTTP_THREADS = 2;
    private static final int STEP_THREADS = 2;

    private SdeRuntime engine;
    private ExecutorService httpPool;
    private HttpClient http;
    private ExecutorService background;
    private volatile boolean stopping;

    public static SdeJobsRuntime get() { return ExtensionList.lookupSingleton(SdeJobsRuntime.class); }

    /**
     * The engine runtime every client of this controller shares, so their waits share polls. If someone closed it
     * (the script console, a test), the next call starts a fresh one; once Jenkins is stopping, none.
     */
    public synchronized SdeRuntime engine() {
        checkRunning();
        if (engine == null || engine.isClosed()) {
            engine = SdeRuntime.builder().name("sde-jobs-jenkins").senderThreads(SENDERS).httpClient(httpClient()).build();
        }
        return engine;
    }

    /** Up to {@value #STEP_THREADS} threads, which end when idle: work that may block (a credentials lookup) and step continuations. */
    public synchronized ExecutorService background() {
        checkRunning();
        if (background == null) {
            background = pool(STEP_THREADS, "sde-jobs-jenkins-start");
        }
        return background;
    }

    /**
     * A client builder on the plugin's runtime, with Jenkins' proxy credentials when the proxy has a user name. They
     * go as {@code Proxy-Authorization}, to the proxy only: the JDK {@code Authenticator} that
     * {@code ProxyConfiguration.newHttpClientBuilder()} installs would keep the API token's {@code Authorization}
     * header from reaching SD Elements on Java 17+ (JDK-8326949), so every call would fail with 401.
     */
    public SdeClient.Builder clientBuilder(String url, ApiToken token) {
        SdeClient.Builder b = SdeClient.builder(url, token).runtime(engine());
        ProxyConfiguration proxy = Jenkins.get().getProxy();
        if (proxy != null && proxy.getName() != null && proxy.getUserName() != null) {
            b.proxyCredentials(proxy.getUserName(), Secret.toString(proxy.getSecretPassword()));
        }
        return b;
    }

    /**
     * True once Jenkins is shutting down. Calls then fail because their threads are stopped, not because of SD
     * Elements: a step must not report that as its outcome, but leave it to {@code onResume} after the restart.
     */
    public boolean isStopping() { return stopping; }

    /** {@link #isStopping()} of this Jenkins, and true when there is none any more. */
    public static boolean stoppingNow() {
        Jenkins j = Jenkins.getInstanceOrNull();
        if (j == null) {
            return true;
        }
        List<SdeJobsRuntime> all = ExtensionList.lookup(SdeJobsRuntime.class);
        return all.isEmpty() || all.get(0).isStopping();
    }

    @Terminator
    public static void shutdown() {
        ExtensionList.lookup(SdeJobsRuntime.class).forEach(SdeJobsRuntime::stop);
    }

    /** Stops every thread of the plugin; later calls are refused. */
    public synchronized void stop() {
        stopping = true;
        if (engine != null) {
            engine.close();
            engine = null;
        }
        if (http != null) {
            http.shutdownNow();
            http = null;
        }
        httpPool = stop(httpPool);
        background = stop(background);
    }

    /** Stops {@code pool} if it was started; returns null, for the field that held it. */
    private static <T extends ExecutorService> T stop(T pool) {
        if (pool != null) {
            pool.shutdownNow();
        }
        return null;
    }

    private void checkRunning() {
        if (stopping) {
            throw new RejectedExecutionException("Jenkins is shutting down");
        }
    }

    /** Jenkins' proxy and no-proxy hosts, read at each request, so a change applies at once; TLS verified. */
    private HttpClient httpClient() {
        if (http == null) {
            httpPool = pool(HTTP_THREADS, "sde-jobs-jenkins-http");
            http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(10))
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .executor(httpPool)
                    .proxy(new ProxySelector() {
                        @Override
                        public List<Proxy> select(URI uri) {
                            ProxyConfiguration proxy = Jenkins.get().getProxy();
                            return List.of(proxy == null || proxy.getName() == null ? Proxy.NO_PROXY : proxy.createProxy(uri.getHost()));
                        }

                        @Override
                        public void connectFailed(URI uri, SocketAddress address, IOException e) {
                        }
                    })
                    .build();
        }
        return http;
    }

    private static ExecutorService pool(int threads, String name) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                new NamingThreadFactory(new DaemonThreadFactory(), name));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
