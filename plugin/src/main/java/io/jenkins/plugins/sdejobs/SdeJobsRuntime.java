package io.jenkins.plugins.sdejobs;

import hudson.ProxyConfiguration;
import hudson.init.InitMilestone;
import hudson.init.Initializer;
import hudson.init.Terminator;
import io.jenkins.plugins.sdejobs.engine.EngineThreads;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The plugin's own threads: one scheduler for every wait in this controller (not {@code jenkins.util.Timer},
 * which must not be held up), and one proxy-aware HTTP client. Both are stopped when Jenkins shuts down.
 */
public final class SdeJobsRuntime {
    private static ScheduledExecutorService scheduler;
    private static HttpClient httpClient;
    private static ProxyConfiguration proxyOfClient;
    private static volatile boolean stopping;

    private SdeJobsRuntime() {
    }

    public static synchronized ScheduledExecutorService scheduler() {
        if (scheduler == null) {
            scheduler = EngineThreads.newScheduler("sde-jobs-jenkins");
        }
        return scheduler;
    }

    /** Jenkins' proxy settings, TLS verified; rebuilt when an administrator changes the proxy. */
    public static synchronized HttpClient httpClient() {
        ProxyConfiguration proxy = jenkins.model.Jenkins.get().getProxy();
        if (httpClient == null || proxy != proxyOfClient) {
            httpClient = ProxyConfiguration.newHttpClientBuilder()
                    .connectTimeout(Duration.ofSeconds(10))
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();
            proxyOfClient = proxy;
        }
        return httpClient;
    }

    /**
     * True once Jenkins is shutting down. Calls then fail because their threads are stopped, not because of
     * SD Elements: a step must not report that as its outcome, but leave it to {@code onResume} after the restart.
     */
    public static boolean isStopping() { return stopping; }

    /** A new start of Jenkins in the same JVM (as in tests) must not inherit the last one's shutdown. */
    @Initializer(after = InitMilestone.PLUGINS_STARTED)
    public static void started() { stopping = false; }

    @Terminator
    public static synchronized void shutdown() {
        stopping = true;
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
        if (httpClient != null) {
            httpClient.shutdownNow();
            httpClient = null;
        }
    }
}
