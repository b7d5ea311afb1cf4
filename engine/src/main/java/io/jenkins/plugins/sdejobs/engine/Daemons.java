package io.jenkins.plugins.sdejobs.engine;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Named daemon threads ({@code name-1}, {@code name-2}, ...), so a thread dump says whose each one is. */
final class Daemons {
    private Daemons() {
    }

    static ThreadFactory named(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
