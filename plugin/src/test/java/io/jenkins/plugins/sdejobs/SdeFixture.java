package io.jenkins.plugins.sdejobs;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.CredentialsStore;
import com.cloudbees.plugins.credentials.domains.Domain;
import hudson.model.ItemGroup;
import hudson.util.Secret;
import io.jenkins.plugins.sdejobs.config.SdeGlobalConfiguration;
import io.jenkins.plugins.sdejobs.config.SdeServer;
import io.jenkins.plugins.sdejobs.simulator.Faults;
import io.jenkins.plugins.sdejobs.simulator.SimConnection;
import io.jenkins.plugins.sdejobs.simulator.Simulator;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.jvnet.hudson.test.JenkinsRule;

/**
 * A simulator with one connection of each kind (1 alm, 2 analysis, 3 ldap that fails, 4 alm that stays queued, 5 alm that takes 8 s; 7 alm whose
 * first POST is answered 30 s late, 8 alm whose first POST creates the job and is answered 503),
 * and Jenkins configured to use it as server "sim" with Secret text credentials "sde-token".
 */
final class SdeFixture {
    static final String CREDENTIALS = "sde-token";
    static final String FAILURE = Simulator.LDAP_FAILURE;

    private SdeFixture() {
    }

    static Simulator simulator() {
        return builder().start();
    }

    /** The same simulator, not started yet, for a test that adds to it. */
    static Simulator.Builder builder() {
        return Simulator.standard(Duration.ofMillis(300))
                .connection(SimConnection.of(5, "alm").alias("Jira, a few seconds").queuedFor(Duration.ofSeconds(8)))
                .connection(withFaults(SimConnection.of(7, "alm").alias("Jira behind a slow gateway")
                        .queuedFor(Duration.ofSeconds(2)), f -> f.postStall(1, Duration.ofSeconds(30))))
                .connection(withFaults(SimConnection.of(8, "alm").alias("Jira behind a flaky gateway")
                        .queuedFor(Duration.ofMillis(300)), f -> f.post503Created(1)));
    }

    private static SimConnection withFaults(SimConnection c, Consumer<Faults> faults) {
        faults.accept(c.faults());
        return c;
    }

    /** Configures server "sim" with fast polling and adds the token as global Secret text credentials. */
    static void configure(JenkinsRule j, Simulator sim) throws Exception {
        SdeGlobalConfiguration config = SdeGlobalConfiguration.get();
        config.setServers(List.of(new SdeServer("sim", sim.url(), CREDENTIALS)));
        config.setFirstPollSeconds(1);
        config.setMaxPollSeconds(1);
        addToken(j.jenkins, CREDENTIALS, sim.token());
    }

    static void addToken(ItemGroup<?> context, String id, String token) throws Exception {
        for (CredentialsStore store : CredentialsProvider.lookupStores(context)) {
            if (store.getContext() == context) {
                store.addCredentials(Domain.global(),
                        new StringCredentialsImpl(CredentialsScope.GLOBAL, id, "SD Elements token", Secret.fromString(token)));
                return;
            }
        }
        throw new IllegalStateException("no credentials store for " + context);
    }
}
