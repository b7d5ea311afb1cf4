package io.jenkins.plugins.sdejobs.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulator behaves like the server the notes describe, checked with a bare HTTP client. */
class SimulatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private Simulator sim;
    private SimConnection alm;
    /** The simulator's clock, moved by the tests: a job queued for 1.5 s finishes when they say so. */
    private final MovableClock clock = new MovableClock();

    /** A wall clock that stands still until {@link #advance} moves it. */
    private static final class MovableClock extends java.time.Clock {
        private volatile java.time.Instant now = java.time.Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) { now = now.plus(d); }

        @Override
        public java.time.ZoneId getZone() { return java.time.ZoneOffset.UTC; }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) { return this; }

        @Override
        public java.time.Instant instant() { return now; }
    }

    @BeforeEach
    void start() {
        alm = SimConnection.of(1, "alm").alias("Jira").queuedFor(Duration.ofMillis(1500));
        sim = Simulator.builder().clock(clock).connection(alm)
                .connection(SimConnection.of(2, "ldap").queuedFor(Duration.ZERO).fails("bind failed"))
                .readOnlyToken("reader").start();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.url() + path)).header("Accept", "application/json");
        if (token != null) {
            b.header("Authorization", "Token " + token);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode ok(HttpResponse<String> r, int status) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        return JSON.readTree(r.body());
    }

    private JsonNode post(String path, String body) throws Exception {
        return ok(send("POST", path, sim.token(), body), 201);
    }

    @Test
    void checksTheTokenLikeTheRealServer() throws Exception {
        assertThat(send("GET", "/api/v2/users/me/", null, null).body()).contains("Authentication credentials were not provided.");
        HttpResponse<String> wrong = send("GET", "/api/v2/users/me/", "nope", null);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).isEqualTo("{\"detail\":\"Invalid token.\"}");
        assertThat(ok(send("GET", "/api/v2/users/me/", sim.token(), null), 200).get("email").asText())
                .isEqualTo(Simulator.USER_EMAIL);
    }

    @Test
    void answersXmlRequestsWith406AndNonApiPathsWithALoginPage() throws Exception {
        HttpRequest xml = HttpRequest.newBuilder(URI.create(sim.url() + "/api/v2/users/me/"))
                .header("Accept", "application/xml").header("Authorization", "Token " + sim.token()).build();
        assertThat(http.send(xml, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(406);
        HttpResponse<String> page = send("GET", "/", null, null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    }

    @Test
    void initiatesAJobThatBecomesReadyAfterItsQueueTime() throws Exception {
        JsonNode created = post("/api/v2/jobs/alm/", "{\"connection\":1,\"automatic\":false,\"ready\":false}");
        assertThat(created.get("ready").asBoolean()).isFalse();
        assertThat(created.get("succeeded").asBoolean()).isFalse();
        assertThat(created.get("connection").get("params").get("issue_tracker_pass").asText()).startsWith("alm-pass-");
        String path = "/api/v2/jobs/alm/" + created.get("id").asLong();

        assertThat(ok(send("GET", path + "/", sim.token(), null), 200).get("ready").asBoolean()).isFalse();
        clock.advance(Duration.ofMillis(1499));
        assertThat(ok(send("GET", path + "/", sim.token(), null), 200).get("ready").asBoolean()).isFalse();
        clock.advance(Duration.ofMillis(1));
        JsonNode done = ok(send("GET", path, sim.token(), null), 200); // without the trailing slash too
        assertThat(done.get("ready").asBoolean()).isTrue();
        assertThat(done.get("succeeded").asBoolean()).isTrue();
        assertThat(done.get("last_run").asText()).isNotBlank();
        assertThat(done.get("connection").get("system").asText()).isEqualTo("JIRA");
    }

    @Test
    void aFailingConnectionsJobsEndWithItsMessage() throws Exception {
        long id = post("/api/v2/jobs/ldap/", "{\"connection\":2,\"automatic\":true,\"ready\":false}").get("id").asLong();
        JsonNode j = ok(send("GET", "/api/v2/jobs/ldap/" + id + "/", sim.token(), null), 200);
        assertThat(j.get("succeeded").asBoolean()).isFalse();
        assertThat(j.get("result_message").asText()).isEqualTo("bind failed");
    }

    @Test
    void validatesPostsWithFieldErrors() throws Exception {
        assertThat(send("POST", "/api/v2/jobs/alm/", sim.token(), "{\"automatic\":false,\"ready\":false}").body())
                .isEqualTo("{\"connection\":[\"This field is required.\"]}");
        assertThat(send("POST", "/api/v2/jobs/alm/", sim.token(), "{\"connection\":1,\"ready\":false}").body())
                .contains("automatic").contains("This field is required.");
        assertThat(send("POST", "/api/v2/jobs/alm/", sim.token(), "{\"connection\":2,\"automatic\":false,\"ready\":false}").body())
                .contains("Invalid pk \\\"2\\\" - object does not exist.");
        assertThat(send("POST", "/api/v2/jobs/alm/", sim.token(), "{\"connection\":1,\"automatic\":false,\"succeeded\":true}").body())
                .contains("result_message");
        assertThat(send("POST", "/api/v2/jobs/alm/", sim.token(), "{not json").statusCode()).isEqualTo(400);
        HttpRequest text = HttpRequest.newBuilder(URI.create(sim.url() + "/api/v2/jobs/alm/"))
                .header("Authorization", "Token " + sim.token()).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("x")).build();
        assertThat(http.send(text, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(415);
        assertThat(sim.jobsFor(1)).isZero();
    }

    @Test
    void recordsAResultThatIsReadyAtOnce() throws Exception {
        JsonNode j = post("/api/v2/jobs/alm/", "{\"connection\":1,\"result_message\":\"My Message\",\"succeeded\":true,\"automatic\":true}");
        assertThat(j.get("ready").asBoolean()).isTrue();
        assertThat(j.get("result_message").asText()).isEqualTo("My Message");
    }

    @Test
    void paginatesWithAbsoluteNextLinksOnlyWhenAskedTo() throws Exception {
        for (int i = 0; i < 5; i++) {
            post("/api/v2/jobs/alm/", "{\"connection\":1,\"result_message\":\"m\",\"succeeded\":true,\"automatic\":false}");
        }
        JsonNode plain = ok(send("GET", "/api/v2/jobs/alm/", sim.token(), null), 200);
        assertThat(plain.has("next")).isFalse();
        assertThat(plain.get("results")).hasSize(5);

        JsonNode p1 = ok(send("GET", "/api/v2/jobs/alm/?page_size=2", sim.token(), null), 200);
        assertThat(p1.get("count").asInt()).isEqualTo(5);
        assertThat(p1.get("previous").isNull()).isTrue();
        assertThat(p1.get("next").asText()).startsWith("http://").contains("page=2").contains("page_size=2");
        JsonNode p3 = ok(send("GET", "/api/v2/jobs/alm/?page_size=2&page=3", sim.token(), null), 200);
        assertThat(p3.get("results")).hasSize(1);
        assertThat(p3.get("next").isNull()).isTrue();
        assertThat(send("GET", "/api/v2/jobs/alm/?page_size=2&page=9", sim.token(), null).statusCode()).isEqualTo(404);
    }

    @Test
    void filtersAndRefusesBadFilterValues() throws Exception {
        post("/api/v2/jobs/alm/", "{\"connection\":1,\"result_message\":\"m\",\"succeeded\":false,\"automatic\":true}");
        post("/api/v2/jobs/alm/", "{\"connection\":1,\"automatic\":false,\"ready\":false}");
        assertThat(ok(send("GET", "/api/v2/jobs/alm/?ready=false", sim.token(), null), 200).get("results")).hasSize(1);
        assertThat(ok(send("GET", "/api/v2/jobs/alm/?automatic=True&succeeded=false", sim.token(), null), 200).get("results")).hasSize(1);
        // "jobs run by the specified user": on a current server, the worker account
        assertThat(ok(send("GET", "/api/v2/jobs/alm/?user=no-reply%2Bworker%40localhost&connection=1", sim.token(), null), 200).get("results")).hasSize(2);
        assertThat(ok(send("GET", "/api/v2/jobs/alm/?user=admin%40example.com", sim.token(), null), 200).get("results")).isEmpty();
        assertThat(send("GET", "/api/v2/jobs/alm/?ready=maybe", sim.token(), null).statusCode()).isEqualTo(400);
    }

    @Test
    void aReadOnlyTokenSeesNoParamsAndMayNotPost() throws Exception {
        JsonNode conns = ok(send("GET", "/api/v2/connections/alm/", "reader", null), 200);
        assertThat(conns.get("results").get(0).has("params")).isFalse();
        assertThat(conns.get("results").get(0).get("system").get("name").asText()).isEqualTo("JIRA");
        assertThat(send("POST", "/api/v2/jobs/alm/", "reader", "{\"connection\":1,\"automatic\":false,\"ready\":false}")
                .statusCode()).isEqualTo(403);
    }

    @Test
    void faultsAreSpentInOrder() throws Exception {
        long id = post("/api/v2/jobs/alm/", "{\"connection\":1,\"automatic\":false,\"ready\":false}").get("id").asLong();
        alm.faults().get503(1).get429(1, Duration.ofSeconds(7)).getHtml(1);
        String path = "/api/v2/jobs/alm/" + id + "/";
        assertThat(send("GET", path, sim.token(), null).statusCode()).isEqualTo(503);
        HttpResponse<String> throttled = send("GET", path, sim.token(), null);
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(send("GET", path, sim.token(), null).body()).contains("<html");
        assertThat(send("GET", path, sim.token(), null).statusCode()).isEqualTo(200);
    }

    @Test
    void postFaultsActOrNotAsARealServerWould() throws Exception {
        alm.faults().post500(1).postDrop(1);
        assertThat(send("POST", "/api/v2/jobs/alm/", sim.token(), "{\"connection\":1,\"automatic\":false,\"ready\":false}")
                .statusCode()).isEqualTo(500);
        assertThatThrownBy(() -> send("POST", "/api/v2/jobs/alm/", sim.token(), "{\"connection\":1,\"automatic\":false,\"ready\":false}"))
                .isInstanceOf(IOException.class);
        assertThat(sim.jobsFor(1)).isEqualTo(2);
        alm.faults().post503(1);
        assertThat(send("POST", "/api/v2/jobs/alm/", sim.token(), "{\"connection\":1,\"automatic\":false,\"ready\":false}")
                .statusCode()).isEqualTo(503);
        assertThat(sim.jobsFor(1)).isEqualTo(2);
    }

    @Test
    void refusesConnectionsForAWhileThenServesOnTheSamePort() throws Exception {
        sim.refuseConnectionsFor(Duration.ofMillis(300));
        assertThatThrownBy(() -> send("GET", "/api/v2/users/me/", sim.token(), null)).isInstanceOf(ConnectException.class);
        // a real socket, refused for 300 ms of real time
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions()
                .until(() -> send("GET", "/api/v2/users/me/", sim.token(), null).statusCode() == 200);
    }

    @Test
    void reportsTheQueueLengthToSuperUsersOnly() throws Exception {
        post("/api/v2/jobs/alm/", "{\"connection\":1,\"automatic\":false,\"ready\":false}");
        assertThat(send("GET", "/api/v2/server-info/", sim.token(), null).statusCode()).isEqualTo(403);
        try (Simulator su = Simulator.builder().connection(SimConnection.of(1, "alm")).superuser(true).start()) {
            HttpRequest r = HttpRequest.newBuilder(URI.create(su.url() + "/api/v2/server-info/"))
                    .header("Authorization", "Token " + su.token()).build();
            assertThat(JSON.readTree(http.send(r, HttpResponse.BodyHandlers.ofString()).body()).get("jobs_queue_length").asInt()).isZero();
        }
    }

    @Test
    void listsItsSecretsForLeakScans() {
        assertThat(sim.secrets()).contains(sim.token(), "reader").anyMatch(s -> s.startsWith("alm-pass-1"))
                .anyMatch(s -> s.startsWith("bind-password-2")).anyMatch(s -> s.startsWith("nested-secret-2"));
    }

    @Test
    void loadsAConfigFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("sim.json");
        Files.writeString(f, """
                {"token": "file-token", "connections": [
                  {"id": 9, "kind": "analysis", "alias": "Fortify", "queued_ms": 0, "outcome": "failed", "message": "scan broke",
                   "faults": {"get_503": 1}}]}""");
        try (Simulator s = SimulatorConfig.load(f).start()) {
            assertThat(s.token()).isEqualTo("file-token");
            HttpRequest r = HttpRequest.newBuilder(URI.create(s.url() + "/api/v2/connections/analysis/"))
                    .header("Authorization", "Token file-token").build();
            assertThat(http.send(r, HttpResponse.BodyHandlers.ofString()).body()).contains("Fortify");
        }
    }

    /** A project's compliance is scripted per connection: what the import leaves, from when it is ready. */
    @Test
    void aConfigFileScriptsAProjectsComplianceAcrossAnImport(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("gate.json");
        Files.writeString(f, """
                {"connections": [{"id": 2, "kind": "analysis", "project": 5, "queued_ms": 0, "compliance_after_import": null}],
                 "projects": [{"id": 5, "name": "Payments API", "compliant": true, "risk_policy": 1}],
                 "risk_policies": [{"id": 1, "name": "Default", "conditions": ["No high-risk countermeasure left incomplete"]}]}""");
        try (Simulator s = SimulatorConfig.load(f).start()) {
            sim.close();
            sim = s;
            JsonNode before = ok(send("GET", "/api/v2/projects/5/", s.token(), null), 200);
            assertThat(before.path("risk_policy_compliant").asBoolean()).isTrue();
            assertThat(before.path("name").asText()).isEqualTo("Payments API");
            post("/api/v2/jobs/analysis/", "{\"connection\": 2, \"automatic\": false, \"ready\": false}");
            JsonNode after = ok(send("GET", "/api/v2/projects/5/", s.token(), null), 200);
            assertThat(after.get("risk_policy_compliant").isNull()).as("undetermined after the import").isTrue();
            JsonNode policy = ok(send("GET", "/api/v2/risk-policies/1/", s.token(), null), 200);
            assertThat(policy.path("conditions").get(0).path("description").asText()).isEqualTo("No high-risk countermeasure left incomplete");
            assertThat(send("GET", "/api/v2/projects/6/", s.token(), null).body()).isEqualTo("\"Project matching query does not exist.\"");
        }
        Files.writeString(f, "{\"connections\": [{\"id\": 1, \"kind\": \"alm\"}], \"projects\": [{\"id\": 5, \"name\": \"P\", \"compliant\": \"yes\"}]}");
        assertThatThrownBy(() -> SimulatorConfig.load(f)).hasMessageContaining("project 5: 'compliant' must be true, false or null (undetermined)");
    }

    @Test
    void aConfigFileCanRefuseConnectionsAtFirst(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("down.json");
        Files.writeString(f, "{\"refuse_connections_ms\": 400, \"connections\": [{\"id\": 1, \"kind\": \"alm\"}]}");
        try (Simulator s = SimulatorConfig.load(f).start()) {
            HttpRequest r = HttpRequest.newBuilder(URI.create(s.url() + "/api/v2/users/me/"))
                    .header("Authorization", "Token " + s.token()).build();
            assertThatThrownBy(() -> http.send(r, HttpResponse.BodyHandlers.ofString())).isInstanceOf(ConnectException.class);
            await().atMost(Duration.ofSeconds(5)).ignoreExceptions()
                    .until(() -> http.send(r, HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
        }
    }

    @Test
    void aBadConfigFileIsNamedWithItsFault(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.json");
        Files.writeString(f, "{\"connections\": [{\"id\": 1, \"kind\": \"alm\", \"queud_ms\": 5}]}");
        assertThatThrownBy(() -> SimulatorConfig.load(f)).hasMessageContaining("bad.json")
                .hasMessageContaining("connection 1: unknown field 'queud_ms'");
        Files.writeString(f, "{\"connections\": [{\"id\": 1, \"kind\": \"jira\"}]}");
        assertThatThrownBy(() -> SimulatorConfig.load(f)).hasMessageContaining("Unknown kind 'jira'");
        Files.writeString(f, "{\"connections\": [{\"id\": 1, \"kind\": \"alm\", \"outcome\": \"maybe\"}]}");
        assertThatThrownBy(() -> SimulatorConfig.load(f)).hasMessageContaining("outcome must be 'succeeded' or 'failed'");
        Files.writeString(f, "{\"connections\": [");
        assertThatThrownBy(() -> SimulatorConfig.load(f)).hasMessageContaining("is not valid JSON");
        assertThatThrownBy(() -> SimulatorConfig.load(dir.resolve("none.json"))).hasMessageContaining("does not exist");
    }
}
