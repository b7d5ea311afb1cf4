package io.jenkins.plugins.sdejobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.sdejobs.engine.Trigger;
import io.jenkins.plugins.sdejobs.engine.ApiToken;
import io.jenkins.plugins.sdejobs.engine.Job;
import io.jenkins.plugins.sdejobs.engine.JobKind;
import io.jenkins.plugins.sdejobs.engine.SdeClient;
import io.jenkins.plugins.sdejobs.simulator.Simulator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The CLI as a real process: Ctrl-C, the simulator in the foreground, and stdout kept for results only. */
class ProcessTest {
    private Simulator sim;

    @BeforeEach
    void start() {
        sim = Simulator.standard(Duration.ofMillis(300)).start();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private Process cli(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("SDE_URL", sim.url());
        pb.environment().put("SDE_TOKEN", sim.token());
        return pb.start();
    }

    private static void interrupt(Process p) throws Exception {
        assertThat(new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor()).isZero();
    }

    /** Reads lines until one contains {@code text}; returns all read. */
    private static String readUntil(BufferedReader r, String text) throws IOException {
        StringBuilder sb = new StringBuilder();
        String line;
        while ((line = r.readLine()) != null) {
            sb.append(line).append('\n');
            if (line.contains(text)) {
                break;
            }
        }
        return sb.toString();
    }

    @Test
    void ctrlCStopsWaitingAtOnceAndExits130() throws Exception {
        Job job = SdeClient.builder(sim.url(), ApiToken.of(sim.token())).build().initiate(JobKind.ALM, 4, Trigger.MANUAL);
        Process p = cli("wait", "--kind", "alm", "--id", Long.toString(job.id()));
        BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
        assertThat(readUntil(err, "queued or running")).contains("alm job " + job.id());

        interrupt(p);

        // The job has 10 minutes to go: exiting within a few seconds means the wait stopped, not that it ended.
        assertThat(p.waitFor(5, TimeUnit.SECONDS)).as("exited").isTrue();
        assertThat(p.exitValue()).isEqualTo(Exit.INTERRUPTED);
        assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void ctrlCSaysTheJobKeepsRunning() throws Exception {
        Job job = SdeClient.builder(sim.url(), ApiToken.of(sim.token())).build().initiate(JobKind.ALM, 4, Trigger.MANUAL);
        Process p = cli("wait", "--kind", "alm", "--id", Long.toString(job.id()));
        BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
        readUntil(err, "queued or running");

        interrupt(p);
        String tail = readUntil(err, "keeps running");
        p.waitFor(5, TimeUnit.SECONDS);

        assertThat(tail).contains("Interrupted: stopped waiting for alm job " + job.id())
                .contains("keeps running in SD Elements");
        assertThat(p.exitValue()).isEqualTo(Exit.INTERRUPTED);
    }

    @Test
    void resultsGoToStdoutAndProgressToStderr() throws Exception {
        Process p = cli("run", "--kind", "alm", "--connection", "1", "--json");
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(p.exitValue()).isEqualTo(Exit.OK);
        assertThat(new ObjectMapper().readTree(out).get("succeeded").asBoolean()).isTrue();
        assertThat(err).contains("Started alm job", "queued or running", "succeeded after")
                .doesNotContain("\r"); // not a terminal: plain lines
        assertThat(out + err).doesNotContain(sim.token());
    }

    @Test
    void simulateServesUntilInterrupted() throws Exception {
        Process p = cli("simulate", "--port", "0");
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String url = out.readLine().replace("url: ", "");
        String token = out.readLine().replace("token: ", "");

        SdeClient client = SdeClient.builder(url, ApiToken.of(token)).build();
        assertThat(client.me().email()).isEqualTo(Simulator.USER_EMAIL);
        assertThat(client.connections(JobKind.LDAP)).hasSize(1);

        interrupt(p);
        assertThat(p.waitFor(5, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(Exit.INTERRUPTED);
    }

    @Test
    void simulateRefusesABadConfigWithExitTwo() throws Exception {
        Process p = cli("simulate", "--config", "/nonexistent/sim.json");
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();

        assertThat(p.exitValue()).isEqualTo(Exit.USAGE);
        assertThat(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)).contains("does not exist");
    }
}
