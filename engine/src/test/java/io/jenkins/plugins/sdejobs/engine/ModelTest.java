package io.jenkins.plugins.sdejobs.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.sdejobs.simulator.ServerMode;
import io.jenkins.plugins.sdejobs.simulator.SimConnection;
import io.jenkins.plugins.sdejobs.simulator.Simulator;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The model reads every form real servers send, and secrets never enter it. */
class ModelTest {

    private static JsonNode json(String text) throws Exception {
        return JsonModel.MAPPER.readTree(text);
    }

    @Test
    void readsTheReferenceLdapExampleWithUserAsAnId() throws Exception {
        Job j = JsonModel.job(JobKind.LDAP, json("""
                {"automatic": false, "connection": {"id": 29, "alias": "gg'", "system": "LDAP", "frequency": "manually",
                 "command": "sync_ldap", "params": {"bind_dn": "CN=Bind", "bind_password": "hunter22",
                 "user_schema": {"email": "mail"}, "page_size": 666, "ldap_validate_cert": true}, "inaccessible": false},
                 "id": 57, "last_run": "2017-01-05T18:38:42.604983Z", "ready": true, "result_message": "",
                 "succeeded": true, "user": 1}"""));

        assertThat(j.id()).isEqualTo(57);
        assertThat(j.user()).isEqualTo(new User(1L, null, null));
        assertThat(j.user().display()).isEqualTo("#1");
        assertThat(j.connection().alias()).isEqualTo("gg'");
        assertThat(j.connection().system()).isEqualTo("LDAP");
        assertThat(j.connection().inaccessible()).isFalse();
        assertThat(j.connection().project()).isNull();
        assertThat(j.connection().params()).containsEntry("bind_password", Redaction.REDACTED)
                .containsEntry("page_size", 666).containsEntry("ldap_validate_cert", true);
        assertThat(j.lastRun()).isEqualTo(OffsetDateTime.of(2017, 1, 5, 18, 38, 42, 604_983_000, ZoneOffset.UTC));
        assertThat(JsonModel.json(j)).contains("\"last_run\":\"2017-01-05T18:38:42.604983Z\"");
    }

    @Test
    void toleratesMissingAndUnknownFieldsAndOtherForms() throws Exception {
        Job j = JsonModel.job(JobKind.ALM, json("""
                {"id": 12, "user": {"id": 3, "email": "dev@example.com", "first_name": "Dev"}, "legacy_state": "X",
                 "connection": {"id": 23, "system": {"id": "jira", "name": "JIRA"}}}"""));

        assertThat(j.ready()).isFalse();
        assertThat(j.succeeded()).isFalse();
        assertThat(j.resultMessage()).isEmpty();
        assertThat(j.lastRun()).isNull();
        assertThat(j.user()).isEqualTo(new User(3L, "dev@example.com", "Dev"));
        assertThat(j.connection().system()).isEqualTo("JIRA");
        assertThat(j.connection().params()).isEmpty();
        assertThat(j.connection().alias()).isNull();
        assertThat(j.connection().display()).isEqualTo("#23");
        assertThat(j.describe()).isEqualTo("alm job 12 (#23)");
    }

    @Test
    void readsLastRunWithAnOffsetWithoutOneAsUtcAndAnUnreadableOneAsAbsent() throws Exception {
        assertThat(JsonModel.job(JobKind.ALM, json("{\"id\": 1, \"last_run\": \"2026-11-28T10:00:00+02:00\"}")).lastRun())
                .isEqualTo(OffsetDateTime.of(2026, 11, 28, 10, 0, 0, 0, ZoneOffset.ofHours(2)));
        assertThat(JsonModel.job(JobKind.ALM, json("{\"id\": 1, \"last_run\": \"2026-11-28T10:00:00.5\"}")).lastRun())
                .isEqualTo(OffsetDateTime.of(2026, 11, 28, 10, 0, 0, 500_000_000, ZoneOffset.UTC));
        assertThat(JsonModel.job(JobKind.ALM, json("{\"id\": 1, \"last_run\": \"yesterday\"}")).lastRun()).isNull();
    }

    @Test
    void aJobRefNamesAKindAndAPositiveId() {
        assertThat(JobRef.of(JobKind.LDAP, 42)).hasToString("ldap job 42").isEqualTo(new JobRef(JobKind.LDAP, 42));
        assertThatThrownBy(() -> JobRef.of(JobKind.ALM, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("A job id is a positive number, not 0");
        assertThatThrownBy(() -> JobRef.of(null, 1)).isInstanceOf(NullPointerException.class).hasMessage("kind");
    }

    @Test
    void aJobWithoutAConnectionOrUserIsStillAJob() throws Exception {
        Job j = JsonModel.job(JobKind.ANALYSIS, json("{\"id\": 5, \"ready\": true, \"succeeded\": true}"));

        assertThat(j.connection()).isNull();
        assertThat(j.user()).isNull();
        assertThat(j.status()).isEqualTo(Job.Status.SUCCEEDED);
        assertThat(j.describe()).isEqualTo("analysis job 5");
    }

    @Test
    void somethingThatIsNotAJobIsMalformed() {
        assertThatThrownBy(() -> JsonModel.job(JobKind.ALM, json("{\"detail\": \"ok\"}")))
                .isInstanceOf(SdeException.MalformedJson.class).hasMessageContaining("no numeric id");
        assertThatThrownBy(() -> JsonModel.job(JobKind.ALM, json("[1,2]")))
                .isInstanceOf(SdeException.MalformedJson.class);
    }

    @Test
    void redactsEverySecretLikeNameAtAnyDepth() throws Exception {
        Job j = JsonModel.job(JobKind.ALM, json("""
                {"id": 1, "connection": {"id": 2, "params": {"alm_pass": "p1-secret", "alm_api_token": "t1-secret",
                 "issue_tracker_pass": "p2-secret", "issue_tracker_api_token": "t2-secret", "analysis_pass": "p3-secret",
                 "client_secret": "s1-secret", "private_key": "k1-secret", "nested": {"bind_password": "p4-secret"},
                 "list": [{"apiKey": "k2-secret"}], "alm_user": "bot", "empty_pass": null}}}"""));

        Map<String, Object> p = j.connection().params();
        assertThat(p.toString()).doesNotContain("-secret");
        assertThat(p).containsEntry("alm_user", "bot").containsEntry("alm_pass", Redaction.REDACTED);
        assertThat(p.get("empty_pass")).isNull();
        assertThat(JsonModel.toJson(j).toString()).doesNotContain("-secret");
        assertThat(j.toString()).doesNotContain("-secret");
    }

    @Test
    void aResultMessageQuotingASecretHasItScrubbed() throws Exception {
        Job j = JsonModel.job(JobKind.ALM, json("""
                {"id": 1, "ready": true, "result_message": "Login failed for bot with password Zq7-hunter",
                 "connection": {"id": 2, "params": {"alm_pass": "Zq7-hunter"}}}"""));

        assertThat(j.resultMessage()).isEqualTo("Login failed for bot with password " + Redaction.REDACTED);
    }

    @Test
    void writesTheApiShapeBack() throws Exception {
        Job j = JsonModel.job(JobKind.ALM, json("""
                {"id": 9, "user": "a@b.c", "ready": true, "succeeded": false, "automatic": true, "result_message": "m",
                 "last_run": "2026-01-01T00:00:00Z", "connection": {"id": 4, "alias": "A", "system": "JIRA", "project": 7}}"""));

        JsonNode out = JsonModel.toJson(j);

        assertThat(out.get("id").asLong()).isEqualTo(9);
        assertThat(out.get("kind").asText()).isEqualTo("alm");
        assertThat(out.get("user").asText()).isEqualTo("a@b.c");
        assertThat(out.get("result_message").asText()).isEqualTo("m");
        assertThat(out.get("connection").get("project").asLong()).isEqualTo(7);
        assertThat(out.get("connection").get("system").asText()).isEqualTo("JIRA");
    }

    @Test
    void readsEachUserFormTheSimulatorSends() throws Exception {
        try (Simulator sim = Simulator.builder().mode(ServerMode.LEGACY)
                .connection(SimConnection.of(1, "alm").userForm(SimConnection.UserForm.EMAIL).queuedFor(Duration.ZERO))
                .connection(SimConnection.of(2, "alm").userForm(SimConnection.UserForm.ID).queuedFor(Duration.ZERO))
                .connection(SimConnection.of(3, "alm").userForm(SimConnection.UserForm.OBJECT).queuedFor(Duration.ZERO))
                .start()) {
            SdeClient c = Fixtures.client(sim);
            List<User> users = List.of(c.getJob(c.initiate(JobKind.ALM, 1, Trigger.MANUAL).ref()).user(),
                    c.getJob(c.initiate(JobKind.ALM, 2, Trigger.MANUAL).ref()).user(),
                    c.getJob(c.initiate(JobKind.ALM, 3, Trigger.MANUAL).ref()).user());

            assertThat(users).extracting(User::display).containsExactly(Simulator.USER_EMAIL, "#1", Simulator.USER_EMAIL);
            assertThat(users.get(2).name()).isEqualTo("Ada Admin");
        }
    }

    @Test
    void readsTheWorkerAndWhoTriggeredTheJobOnACurrentServer() throws Exception {
        try (Simulator sim = Simulator.builder()
                .connection(SimConnection.of(1, "alm").userForm(SimConnection.UserForm.ID).queuedFor(Duration.ZERO))
                .connection(SimConnection.of(2, "alm").userForm(SimConnection.UserForm.OBJECT).queuedFor(Duration.ZERO))
                .start()) {
            SdeClient c = Fixtures.client(sim);
            Job byId = c.getJob(c.initiate(JobKind.ALM, 1, Trigger.MANUAL).ref());
            Job byObject = c.getJob(c.initiate(JobKind.ALM, 2, Trigger.MANUAL).ref());

            assertThat(byId.user()).isEqualTo(new User(Simulator.WORKER_ID, null, null));
            assertThat(byObject.user().name()).isEqualTo("SD Elements Worker");
            assertThat(List.of(byId, byObject)).extracting(j -> j.triggeredBy().display()).containsOnly(Simulator.USER_EMAIL);
        }
    }

    @Test
    void aUserIsTheSamePersonByEmailElseById() {
        assertThat(new User(null, "Ada@Example.com", null).sameAs(new User(7L, "ada@example.com", "Ada"))).isTrue();
        assertThat(new User(1L, "ada@example.com", null).sameAs(new User(1L, "bob@example.com", null))).isFalse();
        assertThat(new User(1L, null, null).sameAs(new User(1L, "ada@example.com", null))).isTrue();
        assertThat(new User(null, "", null).sameAs(new User(null, "", null))).as("an empty triggered_by is nobody").isFalse();
        assertThat(new User(null, "ada@example.com", null).sameAs(null)).isFalse();
    }

    @Test
    void kindsParseCaseInsensitivelyAndNameTheChoicesOtherwise() {
        assertThat(JobKind.parse(" ALM ")).isEqualTo(JobKind.ALM);
        assertThat(JobKind.parse("Analysis")).isEqualTo(JobKind.ANALYSIS);
        assertThatThrownBy(() -> JobKind.parse("jira")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown job kind 'jira': use alm, analysis or ldap");
        assertThatThrownBy(() -> JobKind.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
