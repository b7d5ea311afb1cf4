package io.jenkins.plugins.sdejobs.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A forwarding HTTP proxy on loopback that demands Basic credentials, as corporate proxies do: without the
 * right {@code Proxy-Authorization} it answers 407 (as an HTML page); with it, it forwards the request to the
 * absolute URL it was given and relays the answer. It records what reached it, for tests.
 */
public final class AuthenticatingProxy implements AutoCloseable {
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authorization",
            "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "host", "content-length");
    private final String expected;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "sde-proxy");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient upstream = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();

    private AuthenticatingProxy(String user, String password) throws IOException {
        this.expected = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** Starts a proxy on a free loopback port that lets through only {@code user}:{@code password}. */
    public static AuthenticatingProxy start(String user, String password) {
        try {
            return new AuthenticatingProxy(user, password);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the proxy: " + e.getMessage(), e);
        }
    }

    public String host() { return InetAddress.getLoopbackAddress().getHostAddress(); }

    public int port() { return server.getAddress().getPort(); }

    /**
     * What reached the proxy, in order: {@code "407 GET http://..."} for a refused request, {@code "200 GET ..."}
     * (the upstream status) for a forwarded one, with {@code " +auth"} when an {@code Authorization} header
     * was forwarded to the server.
     */
    public List<String> log() { return new ArrayList<>(log); }

    private void handle(HttpExchange ex) throws IOException {
        try {
            URI target = ex.getRequestURI();
            String line = ex.getRequestMethod() + " " + target;
            if (!expected.equals(ex.getRequestHeaders().getFirst("Proxy-Authorization"))) {
                log.add("407 " + line);
                byte[] page = "<html><body>Proxy Authentication Required</body></html>".getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Proxy-Authenticate", "Basic realm=\"e2e proxy\"");
                ex.getResponseHeaders().add("Content-Type", "text/html");
                ex.sendResponseHeaders(407, page.length);
                ex.getResponseBody().write(page);
                return;
            }
            byte[] body = ex.getRequestBody().readAllBytes();
            HttpRequest.Builder b = HttpRequest.newBuilder(target).method(ex.getRequestMethod(),
                    body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            ex.getRequestHeaders().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                    values.forEach(v -> b.header(name, v));
                }
            });
            HttpResponse<byte[]> r = upstream.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            log.add(r.statusCode() + " " + line + (ex.getRequestHeaders().containsKey("Authorization") ? " +auth" : ""));
            r.headers().map().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                    values.forEach(v -> ex.getResponseHeaders().add(name, v));
                }
            });
            ex.sendResponseHeaders(r.statusCode(), r.body().length == 0 ? -1 : r.body().length);
            ex.getResponseBody().write(r.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ex.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
