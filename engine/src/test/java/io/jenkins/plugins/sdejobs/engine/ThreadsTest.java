package io.jenkins.plugins.sdejobs.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.sdejobs.simulator.Simulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The engine's calls run on threads it names and bounds, never on a new thread per answer. */
class ThreadsTest {
    // Each answer comes 50 ms late, so it always arrives after the test has chained onto its future.
    private final Simulator sim = Fixtures.simulator().listPageDelay(Duration.ofMillis(50)).start();
    private final ExecutorService senders = EngineThreads.newSenders("test-send", 3);

    @AfterEach
    void stop() {
        senders.shutdownNow();
        sim.close();
    }

    @Test
    void answersArriveOnTheClientsSendersWhateverTheCommonPoolIs() throws Exception {
        SdeClient client = Fixtures.clientFor(sim).senders(senders).build();
        List<CompletableFuture<String>> threads = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            threads.add(client.listJobsAsync(JobKind.ALM, JobFilter.ALL).thenApply(jobs -> Thread.currentThread().getName()));
        }
        List<String> names = new ArrayList<>();
        for (CompletableFuture<String> f : threads) {
            names.add(f.get());
        }

        assertThat(names).allMatch(n -> n.startsWith("test-send-"), "a test-send-N thread");
        assertThat(names.stream().distinct().count()).as("distinct threads").isLessThanOrEqualTo(3);
    }

    @Test
    void aClientOfItsOwnUsesTheEnginesFourSharedSenders() throws Exception {
        SdeClient client = Fixtures.client(sim);
        List<CompletableFuture<String>> threads = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            threads.add(client.listJobsAsync(JobKind.LDAP, JobFilter.ALL).thenApply(jobs -> Thread.currentThread().getName()));
        }
        for (CompletableFuture<String> f : threads) {
            assertThat(f.get()).matches("sde-jobs-send-[1-4]");
        }
    }
}
