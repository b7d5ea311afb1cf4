package io.jenkins.plugins.sdejobs;

import static io.jenkins.plugins.casc.misc.Util.getUnclassifiedRoot;
import static io.jenkins.plugins.casc.misc.Util.toStringFromYamlFile;
import static io.jenkins.plugins.casc.misc.Util.toYamlString;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.casc.ConfigurationContext;
import io.jenkins.plugins.casc.ConfiguratorRegistry;
import io.jenkins.plugins.casc.misc.ConfiguredWithCode;
import io.jenkins.plugins.casc.misc.JenkinsConfiguredWithCodeRule;
import io.jenkins.plugins.casc.misc.junit.jupiter.WithJenkinsConfiguredWithCode;
import io.jenkins.plugins.casc.model.CNode;
import io.jenkins.plugins.sdejobs.config.SdeGlobalConfiguration;
import io.jenkins.plugins.sdejobs.config.SdeServer;
import org.junit.jupiter.api.Test;

/** {@code unclassified: sdElements:} imports and exports. */
@WithJenkinsConfiguredWithCode
class ConfigurationAsCodeTest {

    @Test
    @ConfiguredWithCode("configuration-as-code.yml")
    void importsServersAndDefaults(JenkinsConfiguredWithCodeRule r) throws Exception {
        SdeGlobalConfiguration config = SdeGlobalConfiguration.get();

        assertThat(config.getServers()).extracting(SdeServer::getName).containsExactly("prod", "staging");
        assertThat(config.getServers().get(0).getUrl()).isEqualTo("https://sde.example.com");
        assertThat(config.getServers().get(0).getCredentialsId()).isEqualTo("sde-prod-token");
        assertThat(config.getDefaultServer()).isEqualTo("prod");
        assertThat(config.getTimeoutMinutes()).isEqualTo(30);
        assertThat(config.getFirstPollSeconds()).isEqualTo(2);
        assertThat(config.getMaxPollSeconds()).isEqualTo(60);
        assertThat(config.isUseServerTokenInBuilds()).isFalse();
    }

    @Test
    @ConfiguredWithCode("configuration-as-code.yml")
    void exportsWhatItImported(JenkinsConfiguredWithCodeRule r) throws Exception {
        ConfigurationContext context = new ConfigurationContext(ConfiguratorRegistry.get());
        CNode node = getUnclassifiedRoot(context).get("sdElements");

        assertThat(toYamlString(node)).isEqualTo(toStringFromYamlFile(this, "expected-export.yml"));
    }
}
