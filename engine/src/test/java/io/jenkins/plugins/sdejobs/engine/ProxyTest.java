package io.jenkins.plugins.sdejobs.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.sdejobs.simulator.AuthenticatingProxy;
import io.jenkins.plugins.sdejobs.simulator.Simulator;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An HTTP proxy that demands credentials, in front of the simulator: Proxy-Authorization, never an Authenticator. */
class ProxyTest {
    private Simulator sim;
    private AuthenticatingProxy proxy;

    @BeforeEach
    void start() {
        sim = Fixtures.simulator().start();
        proxy = AuthenticatingProxy.start("proxy-user", "proxy-pass-7Hq");
    }

    @AfterEach
    void stop() {
        proxy.close();
        sim.close();
    }

    /** A runtime whose HTTP client goes through the proxy. */
    private SdeRuntime throughProxy() {
        return SdeRuntime.builder().httpClient(HttpClient.newBuilder()
                .proxy(ProxySelector.of(new InetSocketAddress(proxy.host(), proxy.port()))).build()).build();
    }

    @Test
    void proxyCredentialsGoToTheProxyAndTheTokenToSdElements() throws Exception {
        SdeClient client = Fixtures.clientFor(sim).runtime(throughProxy())
                .proxyCredentials("proxy-user", "proxy-pass-7Hq").build();

        User me = client.me();
        Job started = client.initiate(JobKind.ALM, Fixtures.ALM, Trigger.MANUAL);

        assertThat(me.display()).contains(Simulator.USER_EMAIL);
        assertThat(started.id()).isPositive();
        assertThat(proxy.log()).containsExactly(
                "200 GET " + sim.url() + "/api/v2/users/me/ +auth",
                "200 GET " + sim.url() + "/api/v2/jobs/alm/?page_size=100&connection=" + Fixtures.ALM + "&ready=false +auth",
                "201 POST " + sim.url() + "/api/v2/jobs/alm/ +auth");
    }

    @Test
    void withoutProxyCredentialsTheErrorBlamesTheProxyNotTheToken() {
        SdeClient client = Fixtures.clientFor(sim).runtime(throughProxy()).build();

        assertThatThrownBy(client::me).isInstanceOf(SdeException.AccessDenied.class)
                .hasMessageContaining("HTTP proxy").hasMessageContaining("407")
                .hasMessageNotContaining("API token");
        assertThat(proxy.log()).containsExactly("407 GET " + sim.url() + "/api/v2/users/me/");
    }

    @Test
    void proxyCredentialsAreNeverSentToAServerReachedDirectly() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<List<String>> headers = CompletableFuture.supplyAsync(() -> answerOnce(server));
            HttpClient direct = HttpClient.newBuilder().proxy(new ProxySelector() {
                @Override
                public List<Proxy> select(URI uri) { return List.of(Proxy.NO_PROXY); }

                @Override
                public void connectFailed(URI uri, SocketAddress sa, java.io.IOException ioe) {
                }
            }).build();
            SdeClient client = SdeClient.builder("http://127.0.0.1:" + server.getLocalPort(), ApiToken.of("tok-123456"))
                    .runtime(SdeRuntime.builder().httpClient(direct).build()).proxyCredentials("proxy-user", "proxy-pass-7Hq").build();

            assertThat(client.me().display()).contains("me@example.com");
            assertThat(headers.get()).anyMatch(h -> h.startsWith("Authorization:"))
                    .noneMatch(h -> h.toLowerCase().startsWith("proxy-authorization"));
        }
    }

    /** Reads one request's headers and answers {@code users/me/}. */
    private static List<String> answerOnce(ServerSocket server) {
        try (Socket s = server.accept()) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
            List<String> headers = new ArrayList<>();
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                headers.add(line);
            }
            byte[] body = "{\"id\": 1, \"email\": \"me@example.com\"}".getBytes(StandardCharsets.UTF_8);
            OutputStream out = s.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            return headers;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
