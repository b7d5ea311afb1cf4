package io.jenkins.plugins.sdejobs.simulator;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * An SD Elements server double that serves the Jobs API on loopback. It models the server as the vendor's
 * reference and the field notes describe it, independently of any client code.
 */
public final class Simulator implements AutoCloseable {
    static final Set<String> KINDS = Set.of("alm", "analysis", "ldap");
    /** The token's user: who starts jobs (a job's {@code user} on legacy servers, its {@code triggered_by} on current ones). */
    public static final String USER_EMAIL = "admin@example.com";
    public static final long USER_ID = 1;
    /** The worker account that runs jobs on current servers: their {@code user}. */
    public static final String WORKER_EMAIL = "no-reply+worker@localhost";
    public static final long WORKER_ID = 2;

    static {
        // Without TCP_NODELAY every POST waits out a delayed ACK (~40 ms) on loopback.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final String token;
    private final String readOnlyToken;
    private final Map<Long, SimConnection> connections = new ConcurrentHashMap<>();
    private final Map<Long, SimJob> jobs = new ConcurrentHashMap<>();
    private final Map<Long, SimProject> projects = new ConcurrentHashMap<>();
    private final Map<Long, SimRiskPolicy> riskPolicies = new ConcurrentHashMap<>();
    private final AtomicLong nextJobId;
    private final ConcurrentLinkedQueue<String> requestLog = new ConcurrentLinkedQueue<>();
    private final AtomicInteger listFailures = new AtomicInteger();
    private volatile int listFailureStatus;
    private final AtomicInteger requests = new AtomicInteger();
    private static final int MAX_LOG = 100_000;
    private final AtomicInteger logSize = new AtomicInteger();
    private final LongAdder gets = new LongAdder();
    private final LongAdder posts = new LongAdder();
    private final Random random;
    private final Clock clock;
    private final int threads;
    private Duration refuseAtStart;
    private final Duration listPageDelay;
    private final ServerMode mode;
    private final String publicUrl;
    private final boolean superuser;
    private volatile int port;
    private volatile HttpServer server;
    private volatile ExecutorService executor;

    private Simulator(Builder b) {
        this.token = b.token;
        this.readOnlyToken = b.readOnlyToken;
        this.random = new Random(b.seed);
        this.port = b.port;
        this.threads = b.threads;
        this.nextJobId = new AtomicLong(b.firstJobId);
        this.listPageDelay = b.listPageDelay;
        this.clock = b.clock;
        this.refuseAtStart = b.refuseAtStart;
        this.mode = b.mode;
        this.publicUrl = b.publicUrl;
        this.superuser = b.superuser;
        b.connections.forEach(c -> connections.put(c.id, c));
        b.projects.forEach(p -> projects.put(p.id, p));
        b.riskPolicies.forEach(r -> riskPolicies.put(r.id(), r));
    }

    public static Builder builder() { return new Builder(); }

    /** What the standard LDAP connection's jobs fail with. */
    public static final String LDAP_FAILURE = "LDAP bind failed: invalid credentials";

    /**
     * The connections test suites start from: 1 alm "Jira", 2 analysis "Checkmarx" and 3 ldap "LDAP", whose
     * jobs are ready after {@code queued} (LDAP's fail with {@link #LDAP_FAILURE}), and 4 alm "Slow Jira",
     * ready after 10 minutes. Add more with {@link Builder#connection}.
     */
    public static Builder standard(Duration queued) {
        return builder()
                .connection(SimConnection.of(1, "alm").alias("Jira").queuedFor(queued))
                .connection(SimConnection.of(2, "analysis").alias("Checkmarx").queuedFor(queued))
                .connection(SimConnection.of(3, "ldap").alias("LDAP").queuedFor(queued).fails(LDAP_FAILURE))
                .connection(SimConnection.of(4, "alm").alias("Slow Jira").queuedFor(Duration.ofMinutes(10)));
    }

    /** Starts listening on loopback; port 0 picks a free one. */
    public Simulator start() {
        try {
            executor = Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "sde-simulator");
                t.setDaemon(true);
                return t;
            });
            HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            s.createContext("/", new ApiHandler(this));
            s.setExecutor(executor);
            s.start();
            server = s;
            port = s.getAddress().getPort();
            Duration refuse = refuseAtStart;
            refuseAtStart = null;
            if (refuse != null && !refuse.isZero()) {
                refuseConnectionsFor(refuse); // the port is known now; clients are refused until it passes
            }
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the simulator on port " + port + ": " + e.getMessage(), e);
        }
    }

    /** Base URL of the server, without {@code /api/v2/}, as a user would type it. */
    public String url() { return "http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + port; }

    public int port() { return port; }

    public String token() { return token; }

    public ServerMode mode() { return mode; }

    /** The faults planned for connection {@code connectionId}'s requests. */
    public Faults connectionFaults(long connectionId) {
        SimConnection c = connections.get(connectionId);
        if (c == null) {
            throw new IllegalArgumentException("No connection " + connectionId);
        }
        return c.faults;
    }

    /**
     * A pending job of connection {@code connectionId} that {@code email} started (from SD Elements' own pages, say),
     * not this token's user; returns its id.
     */
    public long startJobAs(long connectionId, String email) {
        SimConnection c = connections.get(connectionId);
        if (c == null) {
            throw new IllegalArgumentException("No connection " + connectionId);
        }
        return initiate(c, false, email).id;
    }

    /** The next {@code n} job-list requests (of any kind) answer {@code status} with a JSON detail. */
    public void failLists(int n, int status) {
        listFailures.set(n);
        listFailureStatus = status;
    }

    /** The status a failing list answers, or 0 when this list goes through. */
    int spendListFailure() { return Faults.spend(listFailures) ? listFailureStatus : 0; }

    /**
     * Stops accepting connections (clients see "connection refused") for {@code d}, then listens again on the
     * same port. Returns at once.
     */
    public void refuseConnectionsFor(Duration d) {
        stopServer();
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(d.toMillis());
                start();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "sde-simulator-restart");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() { stopServer(); }

    private void stopServer() {
        HttpServer s = server;
        if (s != null) {
            s.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }

    // ---- observations for tests -------------------------------------------------------------

    /** Every request seen, as {@code "METHOD /path?query"}, in arrival order. */
    public List<String> requestLog() { return new ArrayList<>(requestLog); }

    /** How many requests with this method whose path starts with {@code pathPrefix} were seen. */
    public long count(String method, String pathPrefix) {
        return requestLog.stream().filter(r -> r.startsWith(method + " " + pathPrefix)).count();
    }

    public int requestCount() { return requests.get(); }

    /** When a GET first answered job {@code id} as ready (null: not yet), for benchmarks of how soon clients see it. */
    public Instant firstServedReady(long id) {
        SimJob j = jobs.get(id);
        return j == null ? null : j.firstServedReady;
    }

    /** How many jobs exist for this connection (each successful or faulted POST that acted adds one). */
    public long jobsFor(long connectionId) {
        return jobs.values().stream().filter(j -> j.connection.id == connectionId).count();
    }

    /** The secret values in every connection's params, for leak scans. */
    public List<String> secrets() {
        List<String> out = new ArrayList<>(List.of(token));
        if (readOnlyToken != null) {
            out.add(readOnlyToken);
        }
        connections.values().forEach(c -> collectSecrets(c.params, out));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void collectSecrets(Map<String, Object> params, List<String> out) {
        params.forEach((k, v) -> {
            if (v instanceof Map) {
                collectSecrets((Map<String, Object>) v, out);
            } else if (k.matches("(?i).*(pass|token|secret|key).*") && v instanceof String s) {
                out.add(s);
            }
        });
    }

    // ---- state, used by ApiHandler --------------------------------------------------------------

    void log(String line) {
        requests.incrementAndGet();
        requestLog.add(line);
        if (logSize.incrementAndGet() > MAX_LOG) { // a long-running simulator keeps only the latest
            requestLog.poll();
            logSize.decrementAndGet();
        }
        (line.startsWith("POST ") ? posts : gets).increment();
    }

    /** Requests per method since start, for the benchmark; unlike the log these are never trimmed. */
    long total(String method) {
        return (method.equals("POST") ? posts : gets).sum();
    }

    Instant now() { return clock.instant(); }

    Duration listPageDelay() { return listPageDelay; }

    /** Where page links point, as {@code https://host}; null: the host the request named. */
    String publicUrl() { return publicUrl; }

    boolean superuser() { return superuser; }

    /** The caller's access: null for a bad token, else whether it may edit (and so post, and see params). */
    Boolean access(String presented) {
        if (token.equals(presented)) {
            return Boolean.TRUE;
        }
        return readOnlyToken != null && readOnlyToken.equals(presented) ? Boolean.FALSE : null;
    }

    SimConnection connection(long id) { return connections.get(id); }

    Collection<SimConnection> connections() { return connections.values(); }

    SimJob job(long id) { return jobs.get(id); }

    SimProject project(long id) { return projects.get(id); }

    Collection<SimProject> projects() { return projects.values(); }

    SimRiskPolicy riskPolicy(long id) { return riskPolicies.get(id); }

    /**
     * {@code p}'s compliance now: what the newest succeeded, ready job of a connection that scripts it left, else
     * the project's own.
     */
    Boolean compliance(SimProject p) {
        Instant now = now();
        SimJob newest = null;
        for (SimJob j : jobs.values()) {
            if (j.connection.setsCompliance && Long.valueOf(p.id).equals(j.connection.project) && j.succeeded(now)
                    && (newest == null || j.readyAt.isAfter(newest.readyAt) || j.readyAt.equals(newest.readyAt) && j.id > newest.id)) {
                newest = j;
            }
        }
        return newest == null ? p.compliant : newest.connection.complianceAfter; // null: undetermined
    }

    Collection<SimJob> jobs() { return jobs.values(); }

    SimJob initiate(SimConnection c, boolean automatic) { return initiate(c, automatic, USER_EMAIL); }

    private SimJob initiate(SimConnection c, boolean automatic, String startedBy) {
        Instant now = now();
        long spanMs = c.queuedMax.toMillis() - c.queuedMin.toMillis();
        long queued;
        synchronized (random) {
            queued = c.queuedMin.toMillis() + (spanMs == 0 ? 0 : (long) (random.nextDouble() * spanMs));
        }
        return add(new SimJob(nextJobId.getAndIncrement(), c, automatic, startedBy, now, now.plusMillis(queued),
                c.succeeds, c.succeeds ? "Synced with " + c.system : c.failureMessage));
    }

    SimJob record(SimConnection c, boolean automatic, boolean succeeded, String message) {
        Instant now = now();
        return add(new SimJob(nextJobId.getAndIncrement(), c, automatic, USER_EMAIL, now, now, succeeded, message));
    }

    private SimJob add(SimJob j) {
        jobs.put(j.id, j);
        return j;
    }

    public static final class Builder {
        private String token = "sim-token-0123456789abcdef";
        private String readOnlyToken;
        private int port;
        private long seed = 42;
        private int threads = 16;
        private long firstJobId = 100;
        private Duration listPageDelay = Duration.ZERO;
        private Duration refuseAtStart;
        private final List<SimConnection> connections = new ArrayList<>();
        private final List<SimProject> projects = new ArrayList<>();
        private final List<SimRiskPolicy> riskPolicies = new ArrayList<>();
        private Clock clock = Clock.systemUTC();
        private ServerMode mode = ServerMode.CURRENT;
        private String publicUrl;
        private boolean superuser;

        /** Which generation of SD Elements to play (default {@link ServerMode#CURRENT}, release 5.x). */
        public Builder mode(ServerMode mode) { this.mode = java.util.Objects.requireNonNull(mode); return this; }

        /**
         * Page links name this base ({@code https://sde.example.com}) instead of the host the request named, as
         * behind a reverse proxy that passes its own {@code Host}.
         */
        public Builder publicUrl(String url) { this.publicUrl = url; return this; }

        /** The token's user is a super-user, whom current servers show {@code server-info/} (default: no). */
        public Builder superuser(boolean yes) { this.superuser = yes; return this; }

        /**
         * The clock that jobs are queued and finish by (default: the system's). A test that moves time by hand
         * passes its own, so that a job queued for a minute finishes when the test says a minute has passed.
         */
        public Builder clock(Clock clock) { this.clock = java.util.Objects.requireNonNull(clock); return this; }

        /** Refuses connections for {@code d} right after starting, as a server that is still coming up. */
        public Builder refuseConnectionsAtStartFor(Duration d) { this.refuseAtStart = d; return this; }

        public Builder token(String token) { this.token = token; return this; }

        /** A second valid token whose user may read but not post, and doesn't see params. */
        public Builder readOnlyToken(String token) { this.readOnlyToken = token; return this; }

        public Builder port(int port) { this.port = port; return this; }

        public Builder seed(long seed) { this.seed = seed; return this; }

        public Builder threads(int threads) { this.threads = threads; return this; }

        /** The id of the first job created (default 100); later ones count up from it. */
        public Builder firstJobId(long id) { this.firstJobId = id; return this; }

        /** Every page of a job list is answered only after {@code d}, as on a server with many jobs. */
        public Builder listPageDelay(Duration d) { this.listPageDelay = d; return this; }

        public Builder connection(SimConnection c) { connections.add(c); return this; }

        public Builder project(SimProject p) { projects.add(p); return this; }

        public Builder riskPolicy(SimRiskPolicy r) { riskPolicies.add(r); return this; }

        public Simulator build() { return new Simulator(this); }

        public Simulator start() { return build().start(); }
    }
}
