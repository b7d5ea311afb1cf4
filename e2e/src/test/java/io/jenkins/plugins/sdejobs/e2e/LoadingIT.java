package io.jenkins.plugins.sdejobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** Scenario 1: the plugin loads into a real Jenkins, its steps are there, and nothing complains. */
@Order(1)
class LoadingIT {
    private final JenkinsInstance jenkins = Suite.jenkins();

    @Test
    void thePluginIsActiveAndNothingFailed() {
        JsonNode plugins = jenkins.admin().json("pluginManager/api/json?depth=1").path("plugins");
        JsonNode ours = StreamSupport.stream(plugins.spliterator(), false)
                .filter(p -> p.path("shortName").asText().equals("sdelements-jobs")).findFirst().orElse(null);
        assertThat(ours).as("sdelements-jobs in the plugin manager").isNotNull();
        assertThat(ours.path("active").asBoolean()).isTrue();
        assertThat(ours.path("enabled").asBoolean()).isTrue();
        assertThat(jenkins.admin().script("println(jenkins.model.Jenkins.get().pluginManager.failedPlugins*.name)"))
                .as("plugins that failed to load").isEqualToIgnoringWhitespace("[]");
    }

    @Test
    void theStepsAreOfferedByTheSnippetGenerator() {
        String reference = jenkins.admin().get("pipeline-syntax/html").body();
        assertThat(reference).contains("sdeJob", "sdeJobWait", "sdeJobList", "sdeJobReport");
    }

    @Test
    void theLogHasNoSevereLineAndNoWarningFromThePlugin() {
        assertThat(jenkins.log().lines().filter(l -> l.contains("\tSEVERE\t") || l.contains("SEVERE:")))
                .as("SEVERE lines in jenkins.log").isEmpty();
        assertThat(jenkins.log().lines().filter(l -> l.contains("WARNING") && l.contains("io.jenkins.plugins.sdejobs")))
                .as("warnings from the plugin in jenkins.log").isEmpty();
    }
}
