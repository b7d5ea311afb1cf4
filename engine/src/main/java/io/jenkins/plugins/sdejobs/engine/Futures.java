package io.jenkins.plugins.sdejobs.engine;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The few things the engine does with futures: block on one, find the real failure inside one, and chain them
 * so that cancelling the end of a chain also cancels whichever step is in flight (which plain
 * {@code thenApply}/{@code thenCompose} do not).
 */
public final class Futures {
    private Futures() {
    }

    /** Waits for {@code future}, rethrowing its failure as thrown; interruption cancels the future. */
    public static <T> T await(CompletableFuture<T> future) throws InterruptedException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = unwrap(e);
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }

    /** The real failure inside a future's wrapping exceptions ({@link CompletionException}, {@link ExecutionException}). */
    public static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    /** True when {@code error} is a cancellation, however wrapped. */
    public static boolean isCancellation(Throwable error) { return unwrap(error) instanceof CancellationException; }

    /** {@code source.thenApply(fn)}, except that cancelling the result also cancels {@code source}. */
    static <T, R> CompletableFuture<R> map(CompletableFuture<T> source, Function<T, R> fn) {
        CompletableFuture<R> out = source.thenApply(fn);
        out.whenComplete((r, e) -> {
            if (out.isCancelled()) {
                source.cancel(true);
            }
        });
        return out;
    }

    /**
     * {@code next} applied to {@code first}'s value or (unwrapped) error, as one future: cancelling it cancels
     * whichever of the two is in flight.
     */
    static <T, R> CompletableFuture<R> then(CompletableFuture<T> first, BiFunction<T, Throwable, CompletableFuture<R>> next) {
        CompletableFuture<R> out = new CompletableFuture<>();
        AtomicReference<CompletableFuture<?>> current = new AtomicReference<>(first);
        first.whenComplete((value, error) -> {
            if (out.isDone()) {
                return;
            }
            CompletableFuture<R> second;
            try {
                second = next.apply(value, error == null ? null : unwrap(error));
            } catch (RuntimeException e) {
                out.completeExceptionally(e);
                return;
            }
            current.set(second);
            second.whenComplete((r, e) -> {
                if (e != null) {
                    out.completeExceptionally(unwrap(e));
                } else {
                    out.complete(r);
                }
            });
            if (out.isCancelled()) {
                second.cancel(true);
            }
        });
        out.whenComplete((r, e) -> {
            if (out.isCancelled()) {
                current.get().cancel(true);
            }
        });
        return out;
    }

    /** Completes {@code to} as {@code from} completes, with its value or its failure. */
    static <T> void forward(CompletableFuture<T> from, CompletableFuture<T> to) {
        from.whenComplete((value, error) -> {
            if (error != null) {
                to.completeExceptionally(error);
            } else {
                to.complete(value);
            }
        });
    }

    /** {@link #then} for a step that needs only the value: a failure of {@code first} passes through. */
    public static <T, R> CompletableFuture<R> thenOnValue(CompletableFuture<T> first, Function<T, CompletableFuture<R>> next) {
        return then(first, (value, error) -> error != null ? CompletableFuture.failedFuture(error) : next.apply(value));
    }
}
