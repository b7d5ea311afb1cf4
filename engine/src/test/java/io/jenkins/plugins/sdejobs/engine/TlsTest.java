package io.jenkins.plugins.sdejobs.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS verification stays on: a server whose certificate the JVM does not trust is refused before any request. */
class TlsTest {
    private HttpsServer server;
    private final AtomicInteger requests = new AtomicInteger();
    /** A client-side context that trusts the test certificate, as a JVM with the CA in its trust store would. */
    private SSLContext trusting;

    @BeforeEach
    void start(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("self-signed.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "sde", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        keytool.getInputStream().readAllBytes();
        assertThat(keytool.waitFor()).isZero();

        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);

        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/", ex -> {
            requests.incrementAndGet();
            byte[] body = "{\"id\": 1, \"email\": \"tls@example.com\"}".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        trusting = SSLContext.getInstance("TLS");
        trusting.init(null, tmf.getTrustManagers(), null);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void anUntrustedCertificateIsRefusedAndNothingIsSent() {
        String url = "https://127.0.0.1:" + server.getAddress().getPort();
        SdeClient client = SdeClient.builder(url, ApiToken.of("tls-secret-token")).retryPolicy(RetryPolicy.NONE).build();

        assertThatThrownBy(() -> client.initiate(JobKind.ALM, 1, Trigger.MANUAL))
                .isInstanceOf(SdeException.NetworkError.class)
                .hasMessageContaining("TLS handshake with 127.0.0.1:" + server.getAddress().getPort() + " failed")
                .hasMessageContaining("trust store")
                .hasMessageNotContaining("tls-secret-token")
                .satisfies(e -> assertThat(((SdeException.NetworkError) e).requestSent()).isFalse());
        assertThat(requests.get()).isZero();
    }

    @Test
    void aTrustedCertificateWorks() throws Exception {
        String url = "https://127.0.0.1:" + server.getAddress().getPort();
        SdeClient client = SdeClient.builder(url, ApiToken.of("tls-secret-token"))
                .runtime(SdeRuntime.builder().httpClient(HttpClient.newBuilder().sslContext(trusting).build()).build()).build();

        assertThat(client.me().email()).isEqualTo("tls@example.com");
    }
}
