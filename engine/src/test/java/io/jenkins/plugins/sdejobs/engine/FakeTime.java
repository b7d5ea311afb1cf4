package io.jenkins.plugins.sdejobs.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * A runtime's loop and clock that a test moves (OkHttp's {@code TaskFaker} idea). Tasks run on the test's own
 * thread, in due order, inside {@link #await} and {@link #advance}. The clock jumps to the next task only when
 * nothing is due and no request is in flight, so real HTTP to a real loopback server still answers in between,
 * and a poll schedule of minutes takes milliseconds. Hand {@link #clock()} to the simulator and its jobs finish
 * on the same time.
 */
final class FakeTime implements Loop, Ticker {
    private static final Instant ORIGIN = Instant.parse("2026-01-01T00:00:00Z");
    private static final long START = 1_000_000_000L;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final PriorityQueue<Task> tasks = new PriorityQueue<>();
    private final ExecutorService threads = Executors.newFixedThreadPool(4, Daemons.named("fake-send"));
    private final List<Long> sentAtMs = new CopyOnWriteArrayList<>();
    private long nanos = START;
    private long seq;
    private int inFlight;
    private boolean closed;

    private record Task(long due, long seq, FutureTask<?> body) implements Comparable<Task> {
        @Override
        public int compareTo(Task o) { return due != o.due ? Long.compare(due, o.due) : Long.compare(seq, o.seq); }
    }

    /** A runtime on this time, whose every random draw is {@code jitter}. */
    SdeRuntime runtime(double jitter) {
        return SdeRuntime.builder().name("fake").fakeTime(this, this).senders(new Counting()).jitter(() -> jitter).build();
    }

    /** This time as a wall clock, for the simulator. */
    Clock clock() {
        return new Clock() {
            @Override
            public ZoneId getZone() { return ZoneOffset.UTC; }

            @Override
            public Clock withZone(ZoneId zone) { return this; }

            @Override
            public Instant instant() { return ORIGIN.plusNanos(nanoTime() - START); }
        };
    }

    @Override
    public long nanoTime() {
        lock.lock();
        try {
            return nanos;
        } finally {
            lock.unlock();
        }
    }

    /** Milliseconds since this time began. */
    long nowMs() { return (nanoTime() - START) / 1_000_000; }

    /** When each request of the runtime went out, in milliseconds since this time began. */
    List<Long> sentAtMs() { return List.copyOf(sentAtMs); }

    @Override
    public void execute(Runnable task) { schedule(task, 0); }

    @Override
    public Future<?> schedule(Runnable task, long delayNanos) {
        lock.lock();
        try {
            if (closed) {
                throw new RejectedExecutionException("closed");
            }
            FutureTask<?> f = new FutureTask<>(task, null);
            tasks.add(new Task(nanos + Math.max(0, delayNanos), seq++, f));
            changed.signalAll();
            return f;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close(Runnable last) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            tasks.clear();
        } finally {
            lock.unlock();
        }
        last.run(); // on the test's thread, which is this loop's
    }

    /** Runs tasks, moving time as needed, until {@code f} is done; then its value, or its failure as thrown. */
    <T> T await(CompletableFuture<T> f) throws InterruptedException {
        runUntil(f::isDone);
        return Futures.await(f);
    }

    /** Runs tasks, moving time as needed, until {@code condition} holds. */
    void runUntil(BooleanSupplier condition) throws InterruptedException {
        long realLimit = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (!step(Long.MAX_VALUE, realLimit)) {
                throw new AssertionError("Nothing is left to run or in flight at " + nowMs()
                        + " ms, and the condition does not hold: it would wait forever");
            }
        }
    }

    /** Runs every task due within {@code d}, then sets the clock to {@code d} from now. */
    void advance(Duration d) throws InterruptedException {
        long target = nanoTime() + d.toNanos();
        long realLimit = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (step(target, realLimit)) {
            // one task run, or an answer waited for, or the clock moved to a task before the target
        }
        lock.lock();
        try {
            nanos = Math.max(nanos, target);
        } finally {
            lock.unlock();
        }
    }

    /** Runs every task due now, including those the answers in flight bring, without moving the clock. */
    void runDue() throws InterruptedException { advance(Duration.ZERO); }

    /**
     * One step: run a due task, or wait for a request in flight, or move the clock to the next task (not past
     * {@code limit}). False when there is nothing of the three to do.
     */
    private boolean step(long limit, long realLimit) throws InterruptedException {
        Task run;
        lock.lock();
        try {
            while (!tasks.isEmpty() && tasks.peek().body().isCancelled()) {
                tasks.poll();
            }
            Task next = tasks.peek();
            if (next != null && next.due() <= nanos) {
                run = tasks.poll();
            } else if (inFlight > 0) {
                if (System.nanoTime() > realLimit) {
                    throw new AssertionError("A request has been in flight for a minute of real time");
                }
                changed.await(100, TimeUnit.MILLISECONDS);
                return true;
            } else if (next != null && next.due() <= limit) {
                nanos = next.due();
                return true;
            } else {
                return false;
            }
        } finally {
            lock.unlock();
        }
        run.body().run();
        return true;
    }

    /** Ends the real threads behind the senders (a test's {@code @AfterEach}). */
    void shutdown() { threads.shutdownNow(); }

    /** The runtime's senders: real threads, counted, so that the clock never jumps while a request is out. */
    private final class Counting extends AbstractExecutorService {
        @Override
        public void execute(Runnable r) {
            lock.lock();
            try {
                inFlight++;
                sentAtMs.add((nanos - START) / 1_000_000);
            } finally {
                lock.unlock();
            }
            try {
                threads.execute(() -> {
                    try {
                        r.run();
                    } finally {
                        lock.lock();
                        try {
                            inFlight--;
                            changed.signalAll();
                        } finally {
                            lock.unlock();
                        }
                    }
                });
            } catch (RejectedExecutionException e) {
                lock.lock();
                try {
                    inFlight--;
                } finally {
                    lock.unlock();
                }
                throw e;
            }
        }

        @Override
        public void shutdown() { threads.shutdown(); }

        @Override
        public List<Runnable> shutdownNow() { return threads.shutdownNow(); }

        @Override
        public boolean isShutdown() { return threads.isShutdown(); }

        @Override
        public boolean isTerminated() { return threads.isTerminated(); }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
            return threads.awaitTermination(timeout, unit);
        }
    }
}
