package io.jenkins.plugins.sdejobs.simulator;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Misbehaviour planned for one connection's requests. Each count is spent by the matching requests in turn,
 * so "the first N GETs answer 503" is {@code new Faults().get503(N)}. GET faults apply to reads of this
 * connection's jobs; POST faults to jobs posted for it.
 */
public final class Faults {
    final AtomicInteger get503 = new AtomicInteger();
    final AtomicInteger get429 = new AtomicInteger();
    final AtomicInteger getHtml = new AtomicInteger();
    final AtomicInteger getMalformed = new AtomicInteger();
    final AtomicInteger getStall = new AtomicInteger();
    final AtomicInteger post500 = new AtomicInteger();
    final AtomicInteger post503 = new AtomicInteger();
    final AtomicInteger post503Created = new AtomicInteger();
    final AtomicInteger post429 = new AtomicInteger();
    final AtomicInteger postDrop = new AtomicInteger();
    final AtomicInteger postStall = new AtomicInteger();
    volatile Duration retryAfter = Duration.ofSeconds(1);
    volatile Duration maintenanceRetryAfter;
    volatile Duration stall = Duration.ofSeconds(5);

    /** The first {@code n} GETs answer 503 Service Unavailable, as during maintenance. */
    public Faults get503(int n) { get503.set(n); return this; }

    /** The first {@code n} GETs answer 503 with {@code Retry-After}, as maintenance pages do (RFC 9110 10.2.3). */
    public Faults get503(int n, Duration retryAfter) {
        get503.set(n);
        this.maintenanceRetryAfter = retryAfter;
        return this;
    }

    /** The first {@code n} GETs answer 429 with {@code Retry-After}. */
    public Faults get429(int n, Duration retryAfter) { get429.set(n); this.retryAfter = retryAfter; return this; }

    /** The first {@code n} GETs answer 200 with an HTML login page, as an SSO proxy does. */
    public Faults getHtml(int n) { getHtml.set(n); return this; }

    /** The first {@code n} GETs answer 200 with truncated JSON. */
    public Faults getMalformed(int n) { getMalformed.set(n); return this; }

    /** The first {@code n} GETs wait {@code stall} before they answer. */
    public Faults getStall(int n, Duration stall) { getStall.set(n); this.stall = stall; return this; }

    /** The first {@code n} POSTs create the job and then answer 500: the dangerous case for a retrying client. */
    public Faults post500(int n) { post500.set(n); return this; }

    /** The first {@code n} POSTs answer 503 without creating anything. */
    public Faults post503(int n) { post503.set(n); return this; }

    /**
     * The first {@code n} POSTs create the job, and then a gateway in front of SD Elements answers 503 (an HTML
     * page), as when a router times out while the application keeps working.
     */
    public Faults post503Created(int n) { post503Created.set(n); return this; }

    /** The first {@code n} POSTs answer 429 with {@code Retry-After}, without creating anything. */
    public Faults post429(int n, Duration retryAfter) { post429.set(n); this.retryAfter = retryAfter; return this; }

    /** The first {@code n} POSTs create the job and then drop the connection without an answer (a reset, to the client). */
    public Faults postDrop(int n) { postDrop.set(n); return this; }

    /** The first {@code n} POSTs create the job and then wait {@code stall} before they answer. */
    public Faults postStall(int n, Duration stall) { postStall.set(n); this.stall = stall; return this; }

    /** Clears every fault still pending. */
    public Faults clear() {
        for (AtomicInteger c : new AtomicInteger[] {get503, get429, getHtml, getMalformed, getStall, post500, post503, post503Created,
                post429, postDrop, postStall}) {
            c.set(0);
        }
        return this;
    }

    /** Takes one from {@code counter} if any is left: whether this request gets the fault. */
    static boolean spend(AtomicInteger counter) {
        return counter.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
    }
}
