package io.jenkins.plugins.sdejobs.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import javax.net.ssl.SSLException;

/** Turns an HTTP answer, or the lack of one, into JSON or into the one {@link SdeException} that names the cause. */
final class Responses {
    private static final int MAX_DETAIL = 300;

    private Responses() {
    }

    /** The body as JSON when the answer is a success, else the typed error. {@code what} is "GET /api/v2/...". */
    static JsonNode read(HttpResponse<String> r, String what, ApiToken token) {
        int s = r.statusCode();
        String type = r.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        String body = r.body() == null ? "" : r.body();
        boolean json = type.contains("json") || (type.isEmpty() && body.stripLeading().matches("(?s)^[\\[{\"].*"));
        JsonNode node = json ? parse(body) : null;
        String detail = token.scrub(detail(node));
        if (s == 429) {
            Duration wait = retryAfter(r.headers().firstValue("Retry-After").orElse(null));
            throw new SdeException.RateLimited("SD Elements is limiting the request rate (HTTP 429" + colon(detail)
                    + ")" + (wait == null ? "" : "; it asks to wait " + wait.toSeconds() + " s") + ".", wait);
        }
        if (s >= 500) { // a 503's Retry-After (seconds or an HTTP date, RFC 9110 10.2.3) is honoured like a 429's
            Duration wait = retryAfter(r.headers().firstValue("Retry-After").orElse(null));
            String head = s == 503 ? "SD Elements is unavailable or in maintenance (HTTP 503 to " + what + colon(detail) + ")"
                    : "SD Elements failed to answer " + what + " (HTTP " + s + colon(detail) + ")";
            throw new SdeException.ServerError(s, head
                    + (wait == null ? "" : "; it asks to wait " + wait.toSeconds() + " s") + ".", wait);
        }
        if (s == 407) { // the proxy's own answer, often an HTML page: before the JSON checks, and never the token's fault
            throw new SdeException.AccessDenied(s, "The HTTP proxy between here and SD Elements refused " + what
                    + " (HTTP 407 Proxy Authentication Required): check the proxy's user name and password.");
        }
        if (s >= 300 && s < 400) {
            String to = r.headers().firstValue("Location").orElse("another address");
            throw new SdeException.NotJson(s, "SD Elements redirected " + what + " to " + token.scrub(to)
                    + ": is the URL right? Give the final address (for example https:// rather than http://).");
        }
        if (s == 401 || s == 403 || s == 404) { // named by the status first: such answers are not always JSON
            throw denied(s, what, json ? detail : null, !json);
        }
        if (!json) {
            String page = type.contains("html") || body.stripLeading().startsWith("<") ? "an HTML page" : "a non-JSON answer";
            throw new SdeException.NotJson(s, "Expected JSON from SD Elements but got " + page + " (HTTP " + s
                    + (type.isEmpty() ? "" : ", " + type) + ") for " + what + ": is the URL the SD Elements base URL,"
                    + " and is the token valid? A login page or a proxy answers like this.");
        }
        if (node == null) {
            throw new SdeException.MalformedJson(s, "SD Elements answered " + what + " with malformed JSON (HTTP " + s
                    + ", " + body.length() + " characters, cut off or not JSON).");
        }
        if (s >= 200 && s < 300) {
            return node;
        }
        Map<String, String> fields = fieldErrors(node);
        throw new SdeException.Rejected(s, "SD Elements rejected " + what + " (HTTP " + s + colon(detail) + ").",
                fields);
    }

    /** 401, 403 or 404, with the server's words when it sent JSON; {@code notJson}: the answer was a page. */
    private static SdeException denied(int s, String what, String detail, boolean notJson) {
        String page = notJson ? " The answer was not JSON: is the URL that of SD Elements?" : "";
        if (s == 401) {
            return new SdeException.AccessDenied(s, "SD Elements rejected the API token (HTTP 401" + colon(detail)
                    + "). Check that the token is current and belongs to this server." + page);
        }
        if (s == 403) {
            return new SdeException.AccessDenied(s, "The API token's user may not do this (HTTP 403" + colon(detail)
                    + "): " + what + ". Starting or recording jobs needs permission to edit the connection." + page);
        }
        return new SdeException.NotFound("SD Elements found nothing at " + what + " (HTTP 404" + colon(detail)
                + "). Check the id and the job kind." + page);
    }

    /** The error for an exchange that got no HTTP answer at all. */
    static SdeException failure(Throwable error, String what, String host, ApiToken token) {
        Throwable t = error;
        while (t.getCause() != null && !(t instanceof java.io.IOException)) {
            t = t.getCause(); // unwrap CompletionException and friends
        }
        if (t instanceof HttpConnectTimeoutException) {
            return new SdeException.NetworkError("Could not connect to SD Elements at " + host + " in time.", false);
        }
        if (t instanceof HttpTimeoutException) {
            return new SdeException.RequestTimeout("SD Elements did not answer " + what + " in time."
                    + (what.startsWith("POST") ? " It may still have acted: check the job list before trying again." : ""),
                    true);
        }
        if (has(t, UnresolvedAddressException.class) || has(t, UnknownHostException.class)) {
            return new SdeException.NetworkError("Unknown host " + host + ": check the SD Elements URL.", false);
        }
        if (has(t, ConnectException.class)) {
            return new SdeException.NetworkError("Could not connect to SD Elements at " + host
                    + ": connection refused. Is the server up, and is the URL right?", false);
        }
        if (has(t, SSLException.class)) {
            return new SdeException.NetworkError("The TLS handshake with " + host + " failed: "
                    + token.scrub(String.valueOf(t.getMessage())) + ". The server's certificate must be trusted by this"
                    + " Java runtime's trust store.", false);
        }
        return new SdeException.NetworkError("The connection to SD Elements broke during " + what + ": "
                + token.scrub(String.valueOf(t.getMessage())) + ".", true);
    }

    private static boolean has(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode parse(String body) {
        try {
            return JsonModel.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /**
     * The server's own words: a bare JSON string (some views of current servers), else {@code detail}, then
     * {@code error}, then {@code message}, then field errors.
     */
    static String detail(JsonNode n) {
        if (n != null && n.isTextual()) {
            return n.asText().isBlank() ? null : clip(n.asText());
        }
        if (n == null || !n.isObject()) {
            return null;
        }
        for (String f : new String[] {"detail", "error", "message"}) {
            JsonNode v = n.get(f);
            if (v != null && v.isTextual() && !v.asText().isBlank()) {
                return clip(v.asText());
            }
        }
        StringJoiner j = new StringJoiner("; ");
        fieldErrors(n).forEach((k, v) -> j.add(k + ": " + v));
        return j.length() == 0 ? null : clip(j.toString());
    }

    private static Map<String, String> fieldErrors(JsonNode n) {
        Map<String, String> out = new LinkedHashMap<>();
        n.properties().forEach(e -> {
            JsonNode v = e.getValue();
            if (v.isArray() && v.size() > 0) {
                StringJoiner j = new StringJoiner(" ");
                v.forEach(m -> j.add(m.asText()));
                out.put(e.getKey(), j.toString());
            } else if (v.isTextual() && !e.getKey().equals("detail")) {
                out.put(e.getKey(), v.asText());
            }
        });
        return out;
    }

    private static String clip(String s) {
        return s.length() <= MAX_DETAIL ? s : s.substring(0, MAX_DETAIL) + "…";
    }

    private static String colon(String detail) {
        return detail == null ? "" : ": " + detail;
    }

    /** {@code Retry-After} as seconds or an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String h = header.trim();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(h)));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration d = Duration.between(Instant.now(),
                        ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }
}
