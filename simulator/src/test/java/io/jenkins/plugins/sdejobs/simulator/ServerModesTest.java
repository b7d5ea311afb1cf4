package io.jenkins.plugins.sdejobs.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each server generation answers as the notes say that generation does, checked with a bare HTTP client. */
class ServerModesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    private static Simulator start(ServerMode mode) {
        return Simulator.builder().mode(mode).connection(SimConnection.of(1, "alm").alias("Jira Cloud").queuedFor(Duration.ofMinutes(1)))
                .connection(SimConnection.of(2, "analysis").alias("Checkmarx").project(5)).start();
    }

    private HttpResponse<String> send(Simulator sim, String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.url() + path)).header("Accept", "application/json")
                .header("Authorization", "Token " + sim.token());
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode json(Simulator sim, String path) throws Exception {
        HttpResponse<String> r = send(sim, "GET", path, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private JsonNode startJob(Simulator sim) throws Exception {
        return JSON.readTree(send(sim, "POST", "/api/v2/jobs/alm/", "{\"connection\":1,\"automatic\":false,\"ready\":false}").body());
    }

    @Test
    void theDefaultIsACurrentServer() {
        try (Simulator sim = Simulator.builder().connection(SimConnection.of(1, "alm")).start()) {
            assertThat(sim.mode()).isEqualTo(ServerMode.CURRENT);
        }
    }

    @Test
    void aCurrentServersJobsAreRunByTheWorkerAndTriggeredByThePerson() throws Exception {
        try (Simulator sim = start(ServerMode.CURRENT)) {
            JsonNode job = startJob(sim);
            assertThat(job.get("user").asText()).isEqualTo(Simulator.WORKER_EMAIL);
            assertThat(job.get("triggered_by").asText()).isEqualTo(Simulator.USER_EMAIL);
            long other = sim.startJobAs(1, "someone@example.com");
            assertThat(json(sim, "/api/v2/jobs/alm/" + other + "/").get("triggered_by").asText()).isEqualTo("someone@example.com");
        }
    }

    @Test
    void aLegacyServersJobsAreThePersonsAndHaveNoTriggeredBy() throws Exception {
        try (Simulator sim = start(ServerMode.LEGACY)) {
            JsonNode job = startJob(sim);
            assertThat(job.get("user").asText()).isEqualTo(Simulator.USER_EMAIL);
            assertThat(job.has("triggered_by")).isFalse();
            assertThat(json(sim, "/api/v2/jobs/alm/?user=admin%40example.com").get("results")).hasSize(1);
            assertThat(json(sim, "/api/v2/users/me/").get("id").asLong()).isEqualTo(Simulator.USER_ID);
            assertThat(json(sim, "/api/v2/server-info/").has("jobs_queue_length")).isTrue();
        }
    }

    @Test
    void almConnectionsMoveToIssueTrackerAndTheNewestServerDropsTheOldPath() throws Exception {
        try (Simulator legacy = start(ServerMode.LEGACY); Simulator current = start(ServerMode.CURRENT);
             Simulator newest = start(ServerMode.NEWEST)) {
            assertThat(json(legacy, "/api/v2/connections/alm/").get("results").get(0).get("params").has("alm_pass")).isTrue();
            assertThat(send(legacy, "GET", "/api/v2/connections/issue-tracker/", null).statusCode()).isEqualTo(404);

            JsonNode c = json(current, "/api/v2/connections/issue-tracker/").get("results").get(0);
            assertThat(c.get("params").has("issue_tracker_pass")).isTrue();
            assertThat(c.get("params").has("alm_pass")).isFalse();
            assertThat(c.get("system").get("short_name").asText()).isEqualTo("jira");
            assertThat(json(current, "/api/v2/connections/alm/").get("results")).hasSize(1);

            HttpResponse<String> gone = send(newest, "GET", "/api/v2/connections/alm/", null);
            assertThat(gone.statusCode()).isEqualTo(404);
            assertThat(gone.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
            assertThat(json(newest, "/api/v2/connections/issue-tracker/").get("results").get(0).get("alias").asText()).isEqualTo("Jira Cloud");
        }
    }

    @Test
    void aCurrentServerAnswersAsNginxAndDjangoDo() throws Exception {
        try (Simulator sim = start(ServerMode.CURRENT)) {
            assertThat(json(sim, "/api/v2/users/me/").has("id")).isFalse();
            assertThat(send(sim, "GET", "/api/v2/server-info/", null).statusCode()).isEqualTo(403);
            HttpResponse<String> missing = send(sim, "GET", "/api/v2/jobs/alm/999/", null);
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(missing.body()).isEqualTo("\"Job matching query does not exist.\"");

            long id = startJob(sim).get("id").asLong();
            sim.connectionFaults(1).get503(1);
            HttpResponse<String> down = send(sim, "GET", "/api/v2/jobs/alm/" + id + "/", null);
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
            assertThat(down.headers().firstValue("Retry-After")).isEmpty();
            assertThat(send(sim, "GET", "/api/v2/jobs/alm/" + id + "/", null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void listsAConnectionsLastJobWhenAskedTo() throws Exception {
        try (Simulator sim = start(ServerMode.CURRENT)) {
            assertThat(json(sim, "/api/v2/connections/alm/").get("results").get(0).has("last_job")).isFalse();
            assertThat(json(sim, "/api/v2/connections/alm/?include=last_job").get("results").get(0).get("last_job").isNull()).isTrue();
            long id = startJob(sim).get("id").asLong();
            JsonNode last = json(sim, "/api/v2/connections/alm/?include=last_job").get("results").get(0).get("last_job");
            assertThat(last.get("id").asLong()).isEqualTo(id);
            assertThat(last.get("ready").asBoolean()).isFalse();
            assertThat(json(sim, "/api/v2/connections/analysis/").get("results").get(0).get("project").asLong()).isEqualTo(5);
        }
    }

    @Test
    void pageLinksNameThePublicHostBehindAProxy() throws Exception {
        try (Simulator sim = Simulator.builder().publicUrl("https://sde.example.com").connection(SimConnection.of(1, "alm")).start()) {
            for (int i = 0; i < 3; i++) {
                startJob(sim);
            }
            assertThat(json(sim, "/api/v2/jobs/alm/?page_size=2").get("next").asText())
                    .startsWith("https://sde.example.com/api/v2/jobs/alm/?").contains("page=2");
        }
    }

    @Test
    void aConfigFileChoosesTheMode(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("sim.json");
        Files.writeString(f, "{\"mode\": \"legacy\", \"public_url\": \"https://proxy.example.com\", \"connections\": [{\"id\": 1, \"kind\": \"alm\", \"project\": 3}]}");
        try (Simulator sim = SimulatorConfig.load(f).start()) {
            assertThat(sim.mode()).isEqualTo(ServerMode.LEGACY);
        }
        Files.writeString(f, "{\"mode\": \"6.x\", \"connections\": [{\"id\": 1, \"kind\": \"alm\"}]}");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SimulatorConfig.load(f))
                .hasMessageContaining("unknown server mode '6.x': use legacy (4.x), current (5.x) or newest");
    }
}
