package io.jenkins.plugins.sdejobs.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Jenkins over HTTP as one person or script sees it: a cookie jar (the crumb is tied to the session), an
 * optional user and password, and the crumb header on every POST unless a test leaves it out on purpose.
 */
final class JenkinsHttp {
    static final ObjectMapper JSON = new ObjectMapper();

    /** One answer: status and body. */
    record Response(int status, String body, HttpResponse<String> raw) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON (HTTP " + status + "): " + body, e);
            }
        }

        String header(String name) { return raw.headers().firstValue(name).orElse(null); }
    }

    private final String root;
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder()
            .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private String[] crumb;

    /** {@code root} ends with {@code /jenkins/}; a null user is anonymous. */
    JenkinsHttp(String root, String user, String password) {
        this.root = root;
        this.authorization = user == null ? null : "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    Response get(String path) {
        return send(request(path).GET());
    }

    JsonNode json(String path) {
        Response r = get(path);
        if (r.status() != 200) {
            throw new IllegalStateException("GET " + path + " answered HTTP " + r.status() + ": " + r.body());
        }
        return r.json();
    }

    /** A form POST with the crumb, as a browser submits it. */
    Response post(String path, Map<String, String> form) {
        return send(withCrumb(request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form)))));
    }

    /** A form POST without the crumb, which Jenkins must refuse. */
    Response postWithoutCrumb(String path, Map<String, String> form) {
        return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form))));
    }

    /** A POST of a document (config.xml, credentials XML), with the crumb. */
    Response post(String path, String contentType, String body) {
        return send(withCrumb(request(path).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body))));
    }

    /** Runs a Groovy script in the script console and returns what it printed. Setup and figures only. */
    String script(String groovy) {
        Response r = post("scriptText", Map.of("script", groovy));
        if (r.status() != 200) {
            throw new IllegalStateException("scriptText answered HTTP " + r.status() + ": " + r.body());
        }
        return r.body();
    }

    static Map<String, String> form(String... keysAndValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(root + path)).timeout(Duration.ofSeconds(60));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return b;
    }

    private HttpRequest.Builder withCrumb(HttpRequest.Builder b) {
        if (crumb == null) {
            Response r = get("crumbIssuer/api/json");
            if (r.status() != 200) {
                return b; // no crumb to be had (e.g. no Overall/Read): Jenkins will judge the POST
            }
            crumb = new String[] {r.json().path("crumbRequestField").asText(), r.json().path("crumb").asText()};
        }
        return b.header(crumb[0], crumb[1]);
    }

    private Response send(HttpRequest.Builder b) {
        HttpRequest request = b.build();
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body(), r);
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String encode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
