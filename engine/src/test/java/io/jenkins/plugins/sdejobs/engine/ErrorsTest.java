package io.jenkins.plugins.sdejobs.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.sdejobs.simulator.SimConnection;
import io.jenkins.plugins.sdejobs.simulator.Simulator;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One clear, typed error per cause, each message naming the problem and carrying the server's detail. */
class ErrorsTest {
    private static final long FAULTY = 77;
    private Simulator sim;
    private SdeClient client;
    private SimConnection faulty;

    @BeforeEach
    void start() {
        faulty = SimConnection.of(FAULTY, "alm").queuedFor(Duration.ofMinutes(1));
        sim = Fixtures.simulator(faulty).readOnlyToken("read-only-token-777").start();
        client = Fixtures.client(sim);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void aWrongTokenIsAccessDeniedWithTheServersDetail() {
        SdeClient wrong = SdeClient.builder(sim.url(), ApiToken.of("not-the-token")).build();

        assertThatThrownBy(wrong::me)
                .isInstanceOf(SdeException.AccessDenied.class)
                .hasMessageContaining("HTTP 401: Invalid token.")
                .hasMessageContaining("Check that the token is current")
                .hasMessageNotContaining("not-the-token")
                .extracting(e -> ((SdeException) e).status()).isEqualTo(401);
    }

    @Test
    void aTokenWithoutPermissionIsAccessDenied403() {
        SdeClient readOnly = SdeClient.builder(sim.url(), ApiToken.of("read-only-token-777")).build();

        assertThatThrownBy(() -> readOnly.initiate(JobKind.ALM, Fixtures.ALM, Trigger.MANUAL))
                .isInstanceOf(SdeException.AccessDenied.class)
                .hasMessageContaining("HTTP 403: You do not have permission to perform this action.")
                .hasMessageContaining("POST /api/v2/jobs/alm/");
        assertThat(sim.jobsFor(Fixtures.ALM)).isZero();
    }

    @Test
    void anUnknownJobIsNotFound() {
        assertThatThrownBy(() -> client.getJob(JobRef.of(JobKind.ANALYSIS, 987654)))
                .isInstanceOf(SdeException.NotFound.class)
                .hasMessageContaining("GET /api/v2/jobs/analysis/987654/")
                .hasMessageContaining("HTTP 404: Job matching query does not exist."); // a bare JSON string
    }

    @Test
    void anUnknownConnectionIsRejectedWithTheFieldMessage() {
        assertThatThrownBy(() -> client.initiate(JobKind.LDAP, 4242, Trigger.MANUAL))
                .isInstanceOf(SdeException.Rejected.class)
                .hasMessageContaining("HTTP 400: connection: Invalid pk \"4242\" - object does not exist.")
                .satisfies(e -> assertThat(((SdeException.Rejected) e).fieldErrors())
                        .containsEntry("connection", "Invalid pk \"4242\" - object does not exist."));
        assertThat(sim.count("POST", "/api/v2/jobs/ldap/")).isEqualTo(1);
    }

    @Test
    void aConnectionOfAnotherKindIsRejected() {
        assertThatThrownBy(() -> client.initiate(JobKind.ANALYSIS, Fixtures.ALM, Trigger.MANUAL))
                .isInstanceOf(SdeException.Rejected.class)
                .hasMessageContaining("connection: Invalid pk");
    }

    @Test
    void persistentRateLimitingEndsAsRateLimitedWithTheWait() throws Exception {
        Job job = client.initiate(JobKind.ALM, FAULTY, Trigger.MANUAL);
        faulty.faults().get429(10, Duration.ZERO);

        assertThatThrownBy(() -> client.getJob(JobRef.of(JobKind.ALM, job.id())))
                .isInstanceOf(SdeException.RateLimited.class)
                .hasMessageContaining("HTTP 429: Request was throttled.")
                .hasMessageContaining("wait 0 s")
                .satisfies(e -> assertThat(((SdeException.RateLimited) e).retryAfter()).isEqualTo(Duration.ZERO));
        assertThat(sim.count("GET", "/api/v2/jobs/alm/" + job.id())).isEqualTo(Fixtures.FAST_RETRY.maxAttempts());
    }

    @Test
    void persistentMaintenanceEndsAsServerError() throws Exception {
        Job job = client.initiate(JobKind.ALM, FAULTY, Trigger.MANUAL);
        faulty.faults().get503(10);

        assertThatThrownBy(() -> client.getJob(JobRef.of(JobKind.ALM, job.id())))
                .isInstanceOf(SdeException.ServerError.class)
                .hasMessage("SD Elements is unavailable or in maintenance (HTTP 503 to GET /api/v2/jobs/alm/" + job.id() + "/).")
                .hasMessageNotContaining("<");
        assertThat(sim.count("GET", "/api/v2/jobs/alm/" + job.id())).as("nginx's HTML page, retried")
                .isEqualTo(Fixtures.FAST_RETRY.maxAttempts());
    }

    @Test
    void anHtmlLoginPageIsNotJsonAndAsksAboutTheUrl() throws Exception {
        Job job = client.initiate(JobKind.ALM, FAULTY, Trigger.MANUAL);
        faulty.faults().getHtml(1);

        assertThatThrownBy(() -> client.getJob(JobRef.of(JobKind.ALM, job.id())))
                .isInstanceOf(SdeException.NotJson.class)
                .hasMessageContaining("an HTML page")
                .hasMessageContaining("is the URL the SD Elements base URL")
                .hasMessageNotContaining("<html");
        assertThat(sim.count("GET", "/api/v2/jobs/alm/" + job.id())).isEqualTo(1);
    }

    @Test
    void aBaseUrlThatIsNotSdElementsIsNotJson() {
        SdeClient wrong = SdeClient.builder(sim.url() + "/login", ApiToken.of(sim.token())).build();

        assertThatThrownBy(wrong::me).isInstanceOf(SdeException.NotJson.class).hasMessageContaining("HTTP 200, text/html");
    }

    @Test
    void truncatedJsonIsMalformed() throws Exception {
        Job job = client.initiate(JobKind.ALM, FAULTY, Trigger.MANUAL);
        faulty.faults().getMalformed(1);

        assertThatThrownBy(() -> client.getJob(JobRef.of(JobKind.ALM, job.id())))
                .isInstanceOf(SdeException.MalformedJson.class)
                .hasMessageContaining("malformed JSON")
                .hasMessageNotContaining("alm_pass");
    }

    @Test
    void noServerIsANetworkErrorThatSaysConnectionRefused() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        SdeClient nowhere = SdeClient.builder("http://127.0.0.1:" + port, ApiToken.of("t0ken-value"))
                .retryPolicy(Fixtures.FAST_RETRY).build();

        assertThatThrownBy(nowhere::me)
                .isInstanceOf(SdeException.NetworkError.class)
                .hasMessageContaining("connection refused")
                .hasMessageContaining("127.0.0.1:" + port)
                .satisfies(e -> assertThat(((SdeException.NetworkError) e).requestSent()).isFalse());
    }

    @Test
    void anUnknownHostIsANetworkErrorNamingIt() {
        SdeClient nowhere = SdeClient.builder("https://sde.invalid", ApiToken.of("t0ken-value"))
                .retryPolicy(RetryPolicy.NONE).build();

        assertThatThrownBy(nowhere::me).isInstanceOf(SdeException.NetworkError.class).hasMessageContaining("sde.invalid");
    }

    @Test
    void aStalledAnswerIsARequestTimeout() throws Exception {
        Job job = client.initiate(JobKind.ALM, FAULTY, Trigger.MANUAL);
        faulty.faults().getStall(1, Duration.ofSeconds(3));
        SdeClient impatient = Fixtures.clientFor(sim).requestTimeout(Duration.ofMillis(300))
                .retryPolicy(RetryPolicy.NONE).build();

        assertThatThrownBy(() -> impatient.getJob(JobRef.of(JobKind.ALM, job.id())))
                .isInstanceOf(SdeException.RequestTimeout.class)
                .hasMessageContaining("did not answer GET /api/v2/jobs/alm/" + job.id() + "/ in time");
    }

    @Test
    void aRedirectIsNotJsonAndNamesWhereItLeads() throws IOException {
        HttpServer redirecting = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        redirecting.createContext("/", ex -> {
            ex.getResponseHeaders().set("Location", "https://sde.example.com/api/v2/users/me/");
            ex.sendResponseHeaders(301, -1);
            ex.close();
        });
        redirecting.start();
        try {
            SdeClient c = SdeClient.builder("http://127.0.0.1:" + redirecting.getAddress().getPort(), ApiToken.of("abc123"))
                    .build();
            assertThatThrownBy(c::me)
                    .isInstanceOf(SdeException.NotJson.class)
                    .hasMessageContaining("redirected GET /api/v2/users/me/ to https://sde.example.com/api/v2/users/me/");
        } finally {
            redirecting.stop(0);
        }
    }

    @Test
    void aServerThatEchoesTheTokenHasItScrubbedFromTheMessage() throws IOException {
        HttpServer echoing = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        echoing.createContext("/", ex -> {
            byte[] body = ("{\"detail\":\"Bad header: " + ex.getRequestHeaders().getFirst("Authorization") + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(401, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        echoing.start();
        try {
            SdeClient c = SdeClient.builder("http://127.0.0.1:" + echoing.getAddress().getPort(),
                    ApiToken.of("echoed-secret-token")).build();
            assertThatThrownBy(c::me)
                    .isInstanceOf(SdeException.AccessDenied.class)
                    .hasMessageContaining("Bad header: Token ****")
                    .hasMessageNotContaining("echoed-secret-token");
        } finally {
            echoing.stop(0);
        }
    }

    @Test
    void aMissingAcceptIsNeverSentSoXmlIsNeverChosen() throws Exception {
        // The simulator answers 406 to a non-JSON Accept; our requests always ask for JSON.
        assertThat(client.me().email()).isEqualTo(Simulator.USER_EMAIL);
        assertThat(sim.requestLog()).contains("GET /api/v2/users/me/");
    }
}
