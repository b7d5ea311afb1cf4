package io.jenkins.plugins.sdejobs.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** Jobs and builds through the REST API: {@code createItem} with a config.xml, {@code build}, {@code consoleText}. */
final class Builds {
    private final JenkinsHttp http;

    Builds(JenkinsHttp http) { this.http = http; }

    /** A finished (or, for {@link #start}, started) build. */
    record Build(String job, int number, String result, String console) {
    }

    /** A sandboxed Pipeline job with this script; no {@code node} needed, the steps hold no executor. */
    void createPipeline(String name, String script) {
        createItem(name, """
                <flow-definition>
                  <definition class="org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition">
                    <script>%s</script>
                    <sandbox>true</sandbox>
                  </definition>
                </flow-definition>
                """.formatted(xmlEscape(script)));
    }

    void createItem(String name, String configXml) {
        JenkinsHttp.Response r = http.post("createItem?name=" + name, "application/xml", configXml);
        if (r.status() != 200) {
            throw new IllegalStateException("createItem " + name + " answered HTTP " + r.status() + ": " + r.body());
        }
    }

    /** Creates a Pipeline job, runs it and waits for the result. */
    Build runPipeline(String name, String script) {
        createPipeline(name, script);
        return await(name, start(name), Duration.ofMinutes(2));
    }

    /** Queues a build and returns its number once it has started. */
    int start(String job) {
        JenkinsHttp.Response r = http.post("job/" + job + "/build?delay=0sec", Map.of());
        if (r.status() != 201) {
            throw new IllegalStateException("build " + job + " answered HTTP " + r.status() + ": " + r.body());
        }
        String queueItem = r.header("Location").replaceFirst("^.*?/jenkins/", "");
        return Awaitility.await(job + " to leave the queue").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> http.json(queueItem + "api/json").path("executable"), e -> e.has("number"))
                .path("number").asInt();
    }

    /** Waits until the build has finished. */
    Build await(String job, int number, Duration timeout) {
        try {
            JsonNode b = Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(200))
                    .until(() -> http.json("job/" + job + "/" + number + "/api/json?tree=building,result"),
                            n -> !n.path("building").asBoolean(true) && !n.path("result").isNull());
            return new Build(job, number, b.path("result").asText(), console(job, number));
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException(job + " #" + number + " still running after " + timeout + ":\n" + console(job, number));
        }
    }

    /** Waits until the build's log contains {@code text}. */
    void awaitLog(String job, int number, String text, Duration timeout) {
        if (!within(timeout, () -> console(job, number).contains(text))) {
            throw new IllegalStateException(job + " #" + number + " never logged '" + text + "':\n" + console(job, number));
        }
    }

    String console(String job, int number) {
        return http.get("job/" + job + "/" + number + "/consoleText").body();
    }

    static String xmlEscape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** Polls {@code condition} until it holds or {@code timeout} passes; says which. */
    static boolean within(Duration timeout, BooleanSupplier condition) {
        try {
            Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(condition::getAsBoolean);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
