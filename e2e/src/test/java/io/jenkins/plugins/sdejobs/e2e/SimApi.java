package io.jenkins.plugins.sdejobs.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.sdejobs.simulator.Simulator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What SD Elements itself says, asked directly as an SD Elements user would: not through Jenkins. */
final class SimApi {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern JOB_ID = Pattern.compile("(alm|analysis|ldap) job (\\d+)");

    private SimApi() {
    }

    static JsonNode job(Simulator sim, String kind, long id) {
        HttpRequest r = HttpRequest.newBuilder(URI.create(sim.url() + "/api/v2/jobs/" + kind + "/" + id + "/"))
                .header("Authorization", "Token " + sim.token()).header("Accept", "application/json").build();
        try {
            return JenkinsHttp.JSON.readTree(HTTP.send(r, HttpResponse.BodyHandlers.ofString()).body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The first job id a build log names ("alm job 123 ..."). */
    static long jobIdIn(String console) {
        Matcher m = JOB_ID.matcher(console);
        if (!m.find()) {
            throw new AssertionError("no job id in the log:\n" + console);
        }
        return Long.parseLong(m.group(2));
    }
}
