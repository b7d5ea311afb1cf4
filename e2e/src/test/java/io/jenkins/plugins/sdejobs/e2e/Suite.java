package io.jenkins.plugins.sdejobs.e2e;

import io.jenkins.plugins.sdejobs.simulator.SimConnection;
import io.jenkins.plugins.sdejobs.simulator.SimProject;
import io.jenkins.plugins.sdejobs.simulator.SimRiskPolicy;
import io.jenkins.plugins.sdejobs.simulator.Simulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the scenarios share: one simulator and one Jenkins, started on first use and stopped when the suite
 * ends ({@link NothingSecretOnDiskIT} runs last and stops them first). Scenarios that need a Jenkins of their
 * own (restarts, a security realm) start one with {@link #jenkins(String)}, and every home is scanned at the end.
 *
 * <p>The shared Jenkins starts configured from a JCasC file, as an administrator would set it up: server
 * {@code sim} with Secret text credentials {@code sde-token} (Global scope) and 1 s polls. A scenario that
 * changes the configuration puts it back with {@link #restoreBaseline()}.
 */
final class Suite {
    static final String SERVER = "sim";
    static final String CREDENTIALS = "sde-token";
    static final String LDAP_FAILURE = "LDAP bind failed: invalid credentials for CN=Bind User,DC=example,DC=com";
    /** Connection ids of the simulator. */
    static final long ALM = 1, ANALYSIS = 2, LDAP_FAILS = 3, ALM_SLOW = 4, ALM_BEHIND_503 = 5, ANALYSIS_GATE = 6;

    private static Simulator simulator;
    private static JenkinsInstance shared;
    private static final List<JenkinsInstance> ALL = new ArrayList<>();
    private static final List<Simulator> SIMULATORS = new ArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Suite::stopAll, "e2e-stop-jenkins")); // also when run alone
    }

    private Suite() {
    }

    /**
     * The simulator behind the shared Jenkins: alm 1 (1 s), analysis 2 (1 s), ldap 3 (fails), alm 4 (10 min), alm 5
     * (its first POST creates the job and is answered 503), analysis 6 (its import makes project 60 "Checkout" not
     * compliant with risk policy 1 "Default"); project 61 "Ledger" is undetermined.
     */
    static synchronized Simulator simulator() {
        if (simulator == null) {
            simulator = simulator(Simulator.builder().firstJobId(123_456) // ids that a formatter could group
                    .connection(SimConnection.of(ALM, "alm").alias("Jira Cloud").system("JIRA")
                            .queuedFor(Duration.ofSeconds(1)))
                    .connection(SimConnection.of(ANALYSIS, "analysis").alias("Checkmarx SAST").system("Checkmarx")
                            .queuedFor(Duration.ofSeconds(1)))
                    .connection(SimConnection.of(LDAP_FAILS, "ldap").alias("Corporate LDAP").system("LDAP")
                            .queuedFor(Duration.ofSeconds(1)).fails(LDAP_FAILURE))
                    .connection(SimConnection.of(ALM_SLOW, "alm").alias("Slow Jira").system("JIRA")
                            .queuedFor(Duration.ofMinutes(10)))
                    .connection(behind503())
                    .connection(SimConnection.of(ANALYSIS_GATE, "analysis").alias("Fortify gate").system("Fortify")
                            .project(60).queuedFor(Duration.ofSeconds(1)).complianceAfterImport(false))
                    .project(SimProject.of(60, "Checkout").riskPolicy(1))
                    .project(SimProject.of(61, "Ledger").compliant(null).riskPolicy(1))
                    .riskPolicy(SimRiskPolicy.of(1, "Default", "No high-risk countermeasure left incomplete")));
        }
        return simulator;
    }

    /** Its first POST creates the job, and then a gateway answers 503. */
    private static SimConnection behind503() {
        SimConnection c = SimConnection.of(ALM_BEHIND_503, "alm").alias("Jira behind a gateway").system("JIRA")
                .queuedFor(Duration.ofSeconds(1));
        c.faults().post503Created(1);
        return c;
    }

    /** Starts another simulator, closed and scanned for at the end of the suite. */
    static synchronized Simulator simulator(Simulator.Builder b) {
        Simulator s = b.start();
        SIMULATORS.add(s);
        return s;
    }

    /** The shared Jenkins, configured for {@link #simulator()}. */
    static synchronized JenkinsInstance jenkins() {
        if (shared == null) {
            shared = jenkins("shared", baseline(simulator()));
        }
        return shared;
    }

    /** A Jenkins of its own, configured from {@code casc} (a JCasC document), or unconfigured if null. */
    static synchronized JenkinsInstance jenkins(String name, String casc) {
        return jenkins(name, casc, JenkinsLauncher.fromEnvironment());
    }

    /** The same, started by {@code launcher} (e.g. with the previous release of the plugin). */
    static synchronized JenkinsInstance jenkins(String name, String casc, JenkinsLauncher launcher) {
        List<String> options = new ArrayList<>();
        if (casc != null) {
            Path file = write(name + "-casc.yaml", casc);
            options.add("-Dcasc.jenkins.config=" + file);
        }
        JenkinsInstance j = JenkinsInstance.start(name, options, launcher);
        ALL.add(j);
        return j;
    }

    /** Puts the shared Jenkins back to the JCasC baseline it started with (the plugin's own JCasC support). */
    static void restoreBaseline() {
        replaceConfiguration(jenkins(), "shared-casc.yaml", baseline(simulator()));
    }

    /**
     * Makes {@code yaml} Jenkins' configuration as code, as an administrator does with "Replace configuration
     * source" (JCasC's "apply" would merge it with the file Jenkins started from, and refuse conflicts).
     */
    static void replaceConfiguration(JenkinsInstance j, String fileName, String yaml) {
        Path file = write(fileName, yaml);
        JenkinsHttp.Response r = j.admin().post("manage/configuration-as-code/replace", Map.of("_.newSource", file.toString()));
        if (r.status() >= 400) {
            throw new IllegalStateException("JCasC replace answered HTTP " + r.status() + ": " + r.body());
        }
    }

    /**
     * Server {@code sim} for {@code sim}, with its token as Global Secret text credentials {@code sde-token}. Every
     * setting is spelled out: JCasC leaves alone what a file does not mention.
     */
    static String baseline(Simulator sim) {
        return """
                credentials:
                  system:
                    domainCredentials:
                      - credentials:
                          - string:
                              scope: GLOBAL
                              id: %s
                              description: SD Elements simulator token
                              secret: "%s"
                unclassified:
                  sdElements:
                    servers:
                      - name: %s
                        url: %s
                        credentialsId: %s
                    defaultServer: ""
                    timeoutMinutes: 60
                    firstPollSeconds: 1
                    maxPollSeconds: 1
                """.formatted(CREDENTIALS, sim.token(), SERVER, sim.url(), CREDENTIALS);
    }

    /** Every Jenkins started so far (stopped or not), for the scan of their homes. */
    static synchronized List<JenkinsInstance> all() { return List.copyOf(ALL); }

    /** Every simulator started so far, whose secrets must appear in no home. */
    static synchronized List<Simulator> simulators() { return List.copyOf(SIMULATORS); }

    static synchronized void stopAll() {
        ALL.forEach(JenkinsInstance::stop);
    }

    static Path write(String name, String content) {
        try {
            Path dir = Files.createDirectories(E2eSettings.workDir());
            return Files.writeString(dir.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
