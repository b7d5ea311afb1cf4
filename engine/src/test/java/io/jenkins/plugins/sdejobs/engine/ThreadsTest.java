package io.jenkins.plugins.sdejobs.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.sdejobs.simulator.Simulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The engine's calls run on threads it names and bounds, never on a new thread per answer. */
class ThreadsTest {
    // Each answer comes 50 ms late, so it always arrives after the test has chained onto its future.
    private final Simulator sim = Fixtures.simulator().listPageDelay(Duration.ofMillis(50)).start();
    private final SdeRuntime runtime = SdeRuntime.builder().name("test").senderThreads(3).build();

    @AfterEach
    void stop() {
        runtime.close();
        sim.close();
    }

    @Test
    void answersArriveOnTheRuntimesSendersWhateverTheCommonPoolIs() throws Exception {
        SdeClient client = Fixtures.clientFor(sim).runtime(runtime).build();
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
    void aClientWithoutARuntimeUsesTheDefaultRuntimesFourSenders() throws Exception {
        SdeClient client = Fixtures.client(sim);
        List<CompletableFuture<String>> threads = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            threads.add(client.listJobsAsync(JobKind.LDAP, JobFilter.ALL).thenApply(jobs -> Thread.currentThread().getName()));
        }
        List<String> names = new ArrayList<>();
        for (CompletableFuture<String> f : threads) {
            names.add(f.get());
        }
        assertThat(names).allMatch(n -> n.startsWith("sde-jobs-send-"), "an sde-jobs-send-N thread");
        assertThat(names.stream().distinct().count()).as("distinct senders (idle ones time out, so N may exceed 4)")
                .isLessThanOrEqualTo(4);
    }

    @Test
    void closingARuntimeEndsItsThreadsAndLaterCallsFailAtOnce() throws Exception {
        SdeClient client = Fixtures.clientFor(sim).runtime(runtime).build();
        client.me();
        assertThat(threadsNamed("test-")).isPositive();

        runtime.close();

        org.awaitility.Awaitility.await().until(() -> threadsNamed("test-") == 0);
        org.assertj.core.api.Assertions.assertThatThrownBy(client::me).isInstanceOf(SdeException.NetworkError.class)
                .hasMessage("GET /api/v2/users/me/ was not sent: shutting down.");
        org.assertj.core.api.Assertions.assertThatThrownBy(SdeRuntime.defaultRuntime()::close)
                .isInstanceOf(IllegalStateException.class);
    }

    private static long threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && t.getName().startsWith(prefix)).count();
    }
}
