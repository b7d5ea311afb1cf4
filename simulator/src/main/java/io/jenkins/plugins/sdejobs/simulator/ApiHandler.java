package io.jenkins.plugins.sdejobs.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Routes and answers requests the way a Django REST Framework SD Elements server does. */
final class ApiHandler implements HttpHandler {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern JOBS = Pattern.compile("/api/v2/jobs/([^/]+)/(?:(\\d+)/?)?");
    private static final Pattern CONNECTIONS = Pattern.compile("/api/v2/connections/([^/]+)/");
    private static final Pattern PROJECT = Pattern.compile("/api/v2/projects/(\\d+)/?");
    private static final Pattern RISK_POLICY = Pattern.compile("/api/v2/risk-policies/(\\d+)/?");
    /** nginx's maintenance page, which it also serves for a gateway's 502 ({@code error_page 502 =503 /503.html}). */
    private static final String MAINTENANCE_PAGE = "<!DOCTYPE html><html><head><title>SD Elements - Maintenance</title>"
            + "</head><body><h1>SD Elements is down for maintenance</h1><p>Please try again later.</p></body></html>";
    private static final String NOT_FOUND_PAGE = "<!DOCTYPE html><html><head><title>Not Found</title></head>"
            + "<body><h1>Not Found</h1><p>The requested resource was not found on this server.</p></body></html>";
    private static final String LOGIN_PAGE = "<!DOCTYPE html><html><head><title>Sign in | SD Elements</title></head>"
            + "<body><form method=\"post\" action=\"/accounts/login/\"><input name=\"username\"></form></body></html>";

    private final Simulator sim;

    ApiHandler(Simulator sim) { this.sim = sim; }

    /** An answer ready to send. */
    private record Reply(int status, String contentType, String body, Map<String, String> headers) {
        static Reply json(int status, JsonNode body) {
            return new Reply(status, "application/json", body.toString(), Map.of());
        }

        static Reply detail(int status, String detail) {
            return json(status, JSON.createObjectNode().put("detail", detail));
        }

        /** An error whose body is a bare JSON string, as some views of current servers send. */
        static Reply bare(int status, String message) {
            return json(status, JSON.getNodeFactory().textNode(message));
        }

        static Reply html(int status, String page) {
            return new Reply(status, "text/html", page, Map.of());
        }

        static Reply fields(String field, String message) {
            ObjectNode n = JSON.createObjectNode();
            n.putArray(field).add(message);
            return json(400, n);
        }
    }

    /** Thrown by a fault that drops the connection without an answer. */
    private static final class DropConnection extends RuntimeException {
        DropConnection() { super(null, null, false, false); }
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        String query = ex.getRequestURI().getRawQuery();
        sim.log(ex.getRequestMethod() + " " + ex.getRequestURI().getPath() + (query == null ? "" : "?" + query));
        try (ex) {
            Reply r;
            try {
                r = route(ex);
            } catch (DropConnection d) {
                return; // closing the exchange unanswered drops the connection
            } catch (RuntimeException e) {
                r = Reply.detail(500, "A server error occurred.");
            }
            r.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
            ex.getResponseHeaders().set("Content-Type", r.contentType() + "; charset=utf-8");
            byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(r.status(), body.length == 0 ? -1 : body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private Reply route(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        if (path.equals("/__simulator/requests")) {
            return Reply.json(200, requestCounts()); // the double's own introspection, for benchmarks
        }
        if (!path.startsWith("/api/v2/")) {
            return new Reply(200, "text/html", LOGIN_PAGE, Map.of()); // what an SSO front page looks like
        }
        String accept = ex.getRequestHeaders().getFirst("Accept");
        if (accept != null && !accept.contains("json") && !accept.contains("*/*")) {
            return Reply.detail(406, "Could not satisfy the request Accept header.");
        }
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth == null) {
            return Reply.detail(401, "Authentication credentials were not provided.");
        }
        Boolean mayEdit = auth.startsWith("Token ") ? sim.access(auth.substring(6)) : null;
        if (mayEdit == null) {
            return Reply.detail(401, "Invalid token.");
        }
        Map<String, String> q = query(ex.getRequestURI().getRawQuery());
        String method = ex.getRequestMethod();
        Matcher m;
        if (path.equals("/api/v2/users/me/") || path.equals("/api/v2/users/me")) {
            return get(method, () -> Reply.json(200, me(sim.mode() == ServerMode.LEGACY)));
        }
        if (path.equals("/api/v2/server-info/")) {
            if (sim.mode() != ServerMode.LEGACY && !sim.superuser()) {
                return Reply.detail(403, "You do not have permission to perform this action.");
            }
            return get(method, () -> Reply.json(200, serverInfo()));
        }
        if ((m = CONNECTIONS.matcher(path)).matches() && connectionKind(m.group(1)) != null) {
            String kind = connectionKind(m.group(1));
            boolean lastJob = "last_job".equals(q.get("include"));
            return get(method, () -> page(ex, q, sim.connections().stream().filter(c -> c.kind.equals(kind))
                    .sorted(Comparator.comparingLong(c -> c.id)).map(c -> connectionJson(c, mayEdit, true, lastJob))));
        }
        if ((m = PROJECT.matcher(path)).matches()) {
            long id = Long.parseLong(m.group(1));
            return get(method, () -> project(ex, id));
        }
        if (path.equals("/api/v2/projects/")) {
            return get(method, () -> page(ex, q, sim.projects().stream().filter(p -> !p.forbidden)
                    .sorted(Comparator.comparingLong((SimProject p) -> p.id)).map(p -> projectJson(ex, p))));
        }
        if ((m = RISK_POLICY.matcher(path)).matches()) {
            SimRiskPolicy r = sim.riskPolicy(Long.parseLong(m.group(1)));
            return get(method, () -> r == null ? notFound("RiskPolicy matching query does not exist.") : Reply.json(200, riskPolicyJson(r)));
        }
        if ((m = JOBS.matcher(path)).matches() && Simulator.KINDS.contains(m.group(1))) {
            String kind = m.group(1);
            if (m.group(2) != null) {
                long id = Long.parseLong(m.group(2));
                return get(method, () -> job(kind, id, q, mayEdit));
            }
            if (method.equals("POST")) {
                return mayEdit ? post(kind, ex) : Reply.detail(403, "You do not have permission to perform this action.");
            }
            return get(method, () -> listJobs(ex, kind, q, mayEdit));
        }
        return sim.mode() == ServerMode.LEGACY ? Reply.detail(404, "Not found.") : Reply.html(404, NOT_FOUND_PAGE);
    }

    /** The kind of connection a {@code connections/X/} path serves in this mode, or null: 404. */
    private String connectionKind(String segment) {
        return switch (segment) {
            case "alm" -> sim.mode().servesAlmConnectionsAtAlm() ? "alm" : null;
            case "issue-tracker" -> sim.mode().servesIssueTracker() ? "alm" : null;
            case "analysis", "ldap" -> segment;
            default -> null;
        };
    }

    /** Maintenance: JSON with Retry-After when one is planned, else nginx's HTML page on current servers. */
    private Reply unavailable(Duration retryAfter) {
        if (retryAfter != null) {
            return new Reply(503, "application/json", "{\"detail\": \"Down for maintenance.\"}",
                    Map.of("Retry-After", Long.toString(retryAfter.toSeconds())));
        }
        return sim.mode() == ServerMode.LEGACY ? Reply.detail(503, "Service temporarily unavailable, try again later.")
                : Reply.html(503, MAINTENANCE_PAGE);
    }

    private interface Answer { Reply get(); }

    private static Reply get(String method, Answer answer) {
        return method.equals("GET") ? answer.get() : Reply.detail(405, "Method \"" + method + "\" not allowed.");
    }

    private Reply project(HttpExchange ex, long id) {
        SimProject p = sim.project(id);
        if (p == null) {
            return notFound("Project matching query does not exist.");
        }
        if (p.forbidden) {
            return Reply.detail(403, "You do not have permission to perform this action.");
        }
        return Reply.json(200, projectJson(ex, p));
    }

    /** A missing object: DRF's detail on legacy servers, a bare string from some views of current ones. */
    private Reply notFound(String bare) {
        return sim.mode() == ServerMode.LEGACY ? Reply.detail(404, "Not found.") : Reply.bare(404, bare);
    }

    private ObjectNode projectJson(HttpExchange ex, SimProject p) {
        String host = sim.publicUrl() != null ? sim.publicUrl() : "http://" + ex.getRequestHeaders().getFirst("Host");
        ObjectNode n = JSON.createObjectNode().put("id", p.id).put("name", p.name)
                .put("url", host + "/bunits/default/application/project-" + p.id + "/");
        if (p.riskPolicy != null) {
            n.put("risk_policy", p.riskPolicy);
        }
        Boolean compliant = sim.compliance(p);
        if (compliant == null) {
            n.putNull("risk_policy_compliant");
        } else {
            n.put("risk_policy_compliant", compliant);
        }
        return n;
    }

    private static ObjectNode riskPolicyJson(SimRiskPolicy r) {
        ObjectNode n = JSON.createObjectNode().put("id", r.id()).put("name", r.name());
        n.putObject("filters");
        ArrayNode conditions = n.putArray("conditions");
        r.conditions().forEach(c -> conditions.addObject().put("description", c));
        return n;
    }

    private Reply job(String kind, long id, Map<String, String> q, boolean mayEdit) {
        SimJob j = sim.job(id);
        if (j == null || !j.connection.kind.equals(kind)) {
            return sim.mode() == ServerMode.LEGACY ? Reply.detail(404, "Not found.")
                    : Reply.bare(404, "Job matching query does not exist.");
        }
        Faults f = j.connection.faults;
        if (Faults.spend(f.get503)) {
            return unavailable(f.maintenanceRetryAfter);
        }
        if (Faults.spend(f.get429)) {
            return throttled(f);
        }
        if (Faults.spend(f.getHtml)) {
            return new Reply(200, "text/html", LOGIN_PAGE, Map.of());
        }
        if (Faults.spend(f.getMalformed)) {
            String whole = jobJson(j, q, mayEdit).toString();
            return new Reply(200, "application/json", whole.substring(0, whole.length() / 2), Map.of());
        }
        if (Faults.spend(f.getStall)) {
            sleep(f.stall.toMillis());
        }
        Instant now = sim.now();
        if (j.firstServedReady == null && j.ready(now)) {
            j.firstServedReady = now;
        }
        return Reply.json(200, jobJson(j, q, mayEdit));
    }

    private static Reply throttled(Faults f) {
        long s = Math.max(0, f.retryAfter.toSeconds());
        ObjectNode body = JSON.createObjectNode()
                .put("detail", "Request was throttled. Expected available in " + s + " seconds.");
        return new Reply(429, "application/json", body.toString(), Map.of("Retry-After", Long.toString(s)));
    }

    private Reply listJobs(HttpExchange ex, String kind, Map<String, String> q, boolean mayEdit) {
        if (!sim.listPageDelay().isZero()) {
            sleep(sim.listPageDelay().toMillis());
        }
        int failure = sim.spendListFailure();
        if (failure != 0) {
            return Reply.detail(failure, "The job list is not available right now.");
        }
        Stream<SimJob> jobs = sim.jobs().stream().filter(j -> j.connection.kind.equals(kind) && !j.connection.hiddenFromLists);
        Instant now = sim.now();
        for (String name : List.of("automatic", "ready", "succeeded")) {
            if (!q.containsKey(name)) {
                continue;
            }
            Boolean want = bool(q.get(name));
            if (want == null) {
                return Reply.fields(name, "Select a valid choice. " + q.get(name) + " is not one of the available choices.");
            }
            jobs = jobs.filter(j -> switch (name) {
                case "automatic" -> j.automatic == want;
                case "ready" -> j.ready(now) == want;
                default -> j.succeeded(now) == want;
            });
        }
        if (q.containsKey("connection")) {
            Long c = number(q.get("connection"));
            if (c == null) {
                return Reply.fields("connection", "Select a valid choice. That choice is not one of the available choices.");
            }
            jobs = jobs.filter(j -> j.connection.id == c);
        }
        if (q.containsKey("user")) {
            String user = q.get("user");
            jobs = jobs.filter(j -> runBy(j).equalsIgnoreCase(user)); // "jobs run by the specified user"
        }
        return page(ex, q, jobs.sorted(Comparator.comparingLong((SimJob j) -> j.id).reversed())
                .map(j -> jobJson(j, q, mayEdit)));
    }

    /** {"results":[...]} without page_size; with it, the paginated form whose next is an absolute URL. */
    private Reply page(HttpExchange ex, Map<String, String> q, Stream<ObjectNode> items) {
        List<ObjectNode> all = items.toList();
        ObjectNode out = JSON.createObjectNode();
        Long size = number(q.get("page_size"));
        if (size == null || size <= 0) {
            out.putArray("results").addAll(all);
            return Reply.json(200, out);
        }
        Long page = q.containsKey("page") ? number(q.get("page")) : Long.valueOf(1);
        long pages = Math.max(1, (all.size() + size - 1) / size);
        if (page == null || page < 1 || page > pages) {
            return Reply.detail(404, "Invalid page.");
        }
        String host = sim.publicUrl() != null ? sim.publicUrl() : "http://" + ex.getRequestHeaders().getFirst("Host");
        String base = host + ex.getRequestURI().getPath();
        out.put("count", all.size());
        out.put("next", page < pages ? pageUrl(base, q, page + 1) : null);
        out.put("previous", page > 1 ? pageUrl(base, q, page - 1) : null);
        out.putArray("results").addAll(all.subList((int) ((page - 1) * size), (int) Math.min(all.size(), page * size)));
        return Reply.json(200, out);
    }

    private static String pageUrl(String base, Map<String, String> q, long page) {
        Map<String, String> params = new LinkedHashMap<>(q);
        params.put("page", Long.toString(page));
        StringBuilder sb = new StringBuilder(base).append('?');
        params.forEach((k, v) -> sb.append(k).append('=')
                .append(java.net.URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&'));
        return sb.substring(0, sb.length() - 1);
    }

    private Reply post(String kind, HttpExchange ex) throws IOException {
        String ct = ex.getRequestHeaders().getFirst("Content-Type");
        if (ct == null || !ct.startsWith("application/json")) {
            return Reply.detail(415, "Unsupported media type \"" + ct + "\" in request.");
        }
        JsonNode body;
        try {
            body = JSON.readTree(ex.getRequestBody());
        } catch (JsonProcessingException e) {
            return Reply.detail(400, "JSON parse error - " + e.getOriginalMessage());
        }
        if (body == null || !body.isObject()) {
            return Reply.detail(400, "Invalid data. Expected a dictionary, but got " + (body == null ? "nothing" : body.getNodeType()) + ".");
        }
        if (!body.hasNonNull("connection")) {
            return Reply.fields("connection", "This field is required.");
        }
        if (!body.has("automatic") || !body.get("automatic").isBoolean()) {
            return Reply.fields("automatic", body.has("automatic") ? "Must be a valid boolean." : "This field is required.");
        }
        JsonNode cid = body.get("connection");
        SimConnection c = cid.canConvertToExactIntegral() ? sim.connection(cid.asLong()) : null;
        if (c == null || !c.kind.equals(kind)) {
            return Reply.fields("connection", "Invalid pk \"" + cid.asText() + "\" - object does not exist.");
        }
        Faults f = c.faults;
        if (Faults.spend(f.post503)) {
            return unavailable(null);
        }
        if (Faults.spend(f.post429)) {
            return throttled(f);
        }
        boolean automatic = body.get("automatic").asBoolean();
        boolean ready = !body.has("ready") || body.get("ready").asBoolean(true);
        SimJob job;
        if (!ready) {
            job = sim.initiate(c, automatic);
        } else {
            if (!body.hasNonNull("result_message")) {
                return Reply.fields("result_message", "This field is required.");
            }
            if (!body.has("succeeded") || !body.get("succeeded").isBoolean()) {
                return Reply.fields("succeeded", "This field is required.");
            }
            job = sim.record(c, automatic, body.get("succeeded").asBoolean(), body.get("result_message").asText());
        }
        if (Faults.spend(f.post500)) {
            return Reply.detail(500, "A server error occurred.");
        }
        if (Faults.spend(f.post503Created)) { // a gateway gave up while the application went on and created it
            return Reply.html(503, sim.mode() == ServerMode.LEGACY ? "<html><body><h1>503 Service Unavailable</h1>"
                    + "No server is available to handle this request.</body></html>" : MAINTENANCE_PAGE);
        }
        if (Faults.spend(f.postDrop)) {
            throw new DropConnection();
        }
        if (Faults.spend(f.postStall)) {
            sleep(f.stall.toMillis());
        }
        return Reply.json(201, jobJson(job, Map.of(), true));
    }

    private ObjectNode jobJson(SimJob j, Map<String, String> q, boolean mayEdit) {
        Instant now = sim.now();
        ObjectNode n = JSON.createObjectNode();
        n.put("id", j.id);
        boolean expand = "user".equals(q.get("expand"));
        String runBy = runBy(j);
        switch (expand ? SimConnection.UserForm.OBJECT : j.connection.userForm) {
            case EMAIL -> n.put("user", runBy);
            case ID -> n.put("user", idOf(runBy));
            default -> n.set("user", person(runBy, true));
        }
        if (sim.mode().hasTriggeredBy()) {
            n.put("triggered_by", j.startedBy);
        }
        boolean ready = j.ready(now);
        n.put("succeeded", j.succeeded(now));
        n.put("automatic", j.automatic);
        n.put("ready", ready);
        n.put("result_message", ready ? j.resultMessage : "");
        n.put("last_run", ready ? j.readyAt.toString() : null);
        n.set("connection", connectionJson(j.connection, mayEdit, false, false));
        return n;
    }

    /** Who ran the job: on current servers the worker account, on legacy ones whoever started it. */
    private String runBy(SimJob j) { return sim.mode().hasTriggeredBy() ? Simulator.WORKER_EMAIL : j.startedBy; }

    private static long idOf(String email) {
        return email.equals(Simulator.WORKER_EMAIL) ? Simulator.WORKER_ID
                : email.equals(Simulator.USER_EMAIL) ? Simulator.USER_ID : 1000 + Math.abs(email.hashCode() % 1000);
    }

    /**
     * On connection endpoints system is an object (with short_name for ALM on current servers); in job payloads it
     * is a plain string. {@code last_job} only when asked for ({@code include=last_job}).
     */
    private ObjectNode connectionJson(SimConnection c, boolean mayEdit, boolean onConnectionEndpoint, boolean lastJob) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", c.id);
        n.put("alias", c.alias);
        Instant now = sim.now();
        if (onConnectionEndpoint) {
            ObjectNode system = n.putObject("system").put("id", c.system.toLowerCase(java.util.Locale.ROOT));
            if (c.kind.equals("alm") && sim.mode() != ServerMode.LEGACY) {
                system.put("short_name", c.system.toLowerCase(java.util.Locale.ROOT));
            }
            system.put("name", c.system);
            n.put("in_progress", sim.jobs().stream().anyMatch(j -> j.connection == c && !j.ready(now)));
        } else {
            n.put("system", c.system);
        }
        n.put("frequency", "manually");
        n.put("command", "sync_" + c.kind);
        if (c.project != null) {
            n.put("project", c.project);
        }
        if (mayEdit) {
            n.set("params", JSON.valueToTree(params(c)));
        }
        n.put("inaccessible", false);
        if (lastJob) {
            SimJob last = sim.jobs().stream().filter(j -> j.connection == c)
                    .max(Comparator.comparingLong(j -> j.id)).orElse(null);
            if (last == null) {
                n.putNull("last_job");
            } else {
                boolean ready = last.ready(now);
                n.putObject("last_job").put("id", last.id).put("ready", ready).put("succeeded", last.succeeded(now))
                        .put("last_run", ready ? last.readyAt.toString() : null)
                        .put("date_created", last.createdAt.toString());
            }
        }
        return n;
    }

    /** Current servers call ALM connections "issue tracker", and their params {@code issue_tracker_*}. */
    private Map<String, Object> params(SimConnection c) {
        if (!c.kind.equals("alm") || sim.mode() == ServerMode.LEGACY) {
            return c.params;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        c.params.forEach((k, v) -> out.put(k.startsWith("alm_") ? "issue_tracker_" + k.substring(4) : k, v));
        return out;
    }

    private ObjectNode requestCounts() {
        ObjectNode n = JSON.createObjectNode();
        n.put("GET", sim.total("GET"));
        n.put("POST", sim.total("POST"));
        return n;
    }

    /** {@code users/me/}: current servers send no id. */
    private static ObjectNode me(boolean withId) { return person(Simulator.USER_EMAIL, withId); }

    private static ObjectNode person(String email, boolean withId) {
        ObjectNode n = JSON.createObjectNode();
        if (withId) {
            n.put("id", idOf(email));
        }
        boolean worker = email.equals(Simulator.WORKER_EMAIL);
        return n.put("email", email).put("first_name", worker ? "SD Elements" : email.equals(Simulator.USER_EMAIL) ? "Ada" : "Another")
                .put("last_name", worker ? "Worker" : email.equals(Simulator.USER_EMAIL) ? "Admin" : "Person").put("is_active", true);
    }

    private ObjectNode serverInfo() {
        Instant now = sim.now();
        return JSON.createObjectNode().put("version", "2026.11-simulator")
                .put("jobs_queue_length", sim.jobs().stream().filter(j -> !j.ready(now)).count());
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            q.put(k, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return q;
    }

    private static Boolean bool(String v) {
        return switch (v) {
            case "true", "True", "1" -> Boolean.TRUE;
            case "false", "False", "0" -> Boolean.FALSE;
            default -> null;
        };
    }

    private static Long number(String v) {
        try {
            return v == null ? null : Long.valueOf(v);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
