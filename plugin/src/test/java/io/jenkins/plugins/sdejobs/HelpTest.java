package io.jenkins.plugins.sdejobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.sdejobs.config.SdeGlobalConfiguration;
import io.jenkins.plugins.sdejobs.config.SdeServer;
import io.jenkins.plugins.sdejobs.freestyle.SdeJobBuilder;
import io.jenkins.plugins.sdejobs.pipeline.SdeConnectionListStep;
import io.jenkins.plugins.sdejobs.pipeline.SdeJobListStep;
import io.jenkins.plugins.sdejobs.pipeline.SdeJobReportStep;
import io.jenkins.plugins.sdejobs.pipeline.SdeJobStep;
import io.jenkins.plugins.sdejobs.pipeline.SdeJobWaitStep;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jenkinsci.plugins.structs.describable.DescribableModel;
import org.jenkinsci.plugins.structs.describable.DescribableParameter;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** Every parameter of every step, the builder and the configuration has help; every visible text can be translated. */
@WithJenkins
class HelpTest {
    private static final List<Class<?>> DESCRIBED = List.of(SdeJobStep.class, SdeJobWaitStep.class, SdeJobListStep.class, SdeConnectionListStep.class,
            SdeJobReportStep.class, SdeJobBuilder.class, SdeServer.class);

    @Test
    void everyParameterHasHelp(JenkinsRule j) { // j: the plugin as Jenkins loads it
        for (Class<?> type : DESCRIBED) {
            for (DescribableParameter p : DescribableModel.of(type).getParameters()) {
                assertThat(help(type, "help-" + p.getName() + ".html")).as(type.getSimpleName() + "." + p.getName()).isTrue();
            }
            if (type != SdeServer.class) { // a server is an entry of the configuration page, not a step
                assertThat(help(type, "help.html")).as(type.getSimpleName() + " itself").isTrue();
            }
        }
        for (String field : List.of("servers", "defaultServer", "useServerTokenInBuilds", "timeoutMinutes", "firstPollSeconds", "maxPollSeconds")) {
            assertThat(help(SdeGlobalConfiguration.class, "help-" + field + ".html")).as("global " + field).isTrue();
        }
    }

    @Test
    void viewsTakeTheirTextsFromPropertiesFiles() throws Exception {
        for (Class<?> type : List.of(SdeJobStep.class, SdeJobWaitStep.class, SdeJobListStep.class, SdeConnectionListStep.class, SdeJobReportStep.class,
                SdeJobBuilder.class, SdeServer.class, SdeGlobalConfiguration.class)) {
            String jelly = read(type, "config.jelly");
            assertThat(jelly).as(type.getSimpleName()).doesNotContainPattern("(title|header|add)=\"[^$]");
            assertThat(read(type, "config.properties")).as(type.getSimpleName() + " config.properties").isNotBlank();
        }
    }

    /** Whether the class or a superclass has this help file, where Jenkins looks for it. */
    private static boolean help(Class<?> type, String file) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (c.getResource(c.getSimpleName() + "/" + file) != null) {
                return true;
            }
        }
        return false;
    }

    private static String read(Class<?> type, String view) throws Exception {
        try (InputStream in = type.getResourceAsStream(type.getSimpleName() + "/" + view)) {
            assertThat(in).as(type.getName() + "/" + view).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
