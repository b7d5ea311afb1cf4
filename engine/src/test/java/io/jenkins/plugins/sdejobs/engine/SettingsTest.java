package io.jenkins.plugins.sdejobs.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What users type: server URLs, tokens and durations. Bad input gets an error that names it. */
class SettingsTest {

    @ParameterizedTest
    @CsvSource({
            "https://sde.example.com, https://sde.example.com/api/v2/",
            "https://sde.example.com/, https://sde.example.com/api/v2/",
            "https://sde.example.com/api/v2, https://sde.example.com/api/v2/",
            "https://sde.example.com/api/v2/, https://sde.example.com/api/v2/",
            "HTTPS://sde.example.com:8443/sde/, https://sde.example.com:8443/sde/api/v2/",
            "' https://sde.example.com ', https://sde.example.com/api/v2/"})
    void normalisesTheBaseUrl(String given, String expected) {
        assertThat(BaseUrl.apiRoot(given)).hasToString(expected);
    }

    @ParameterizedTest
    @CsvSource({
            "'', is empty",
            "sde.example.com, must start with https://",
            "ftp://sde.example.com, must start with https://",
            "https://, is not a valid URL",
            "https:///path, has no host name",
            "https://user:pw@sde.example.com, must not contain a user",
            "https://sde.example.com/?a=b, must not contain a user, a query",
            "'https://sde example.com', is not a valid URL"})
    void refusesABadBaseUrlNamingTheProblem(String given, String problem) {
        assertThatThrownBy(() -> BaseUrl.apiRoot(given)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(problem).hasMessageNotContaining(":pw@");
    }

    @Test
    void aTokenNeverShowsItself() {
        ApiToken t = ApiToken.of("  abc123secret \n");

        assertThat(t.toString()).doesNotContain("abc123secret");
        assertThat(t.authorization()).isEqualTo("Token abc123secret");
        assertThat(t.scrub("x abc123secret y")).isEqualTo("x **** y");
        assertThat(SdeClient.builder("https://sde.example.com", t).build().toString()).doesNotContain("abc123secret");
    }

    @Test
    void aTokenWithTheTokenPrefixIsToldToDropIt() {
        assertThatThrownBy(() -> ApiToken.of("Token abc123secret")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Give the bare API token, without the 'Token ' prefix");
        assertThatThrownBy(() -> ApiToken.of("two words")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The SD Elements API token contains spaces or line breaks: give the bare token only");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "two words", "line\nbreak", "Token abc"})
    void refusesAMalformedTokenWithoutRepeatingIt(String token) {
        assertThatThrownBy(() -> ApiToken.of(token)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("token")
                .satisfies(e -> {
                    if (token.length() > 3) {
                        assertThat(e.getMessage()).doesNotContain(token.strip());
                    }
                });
    }

    @ParameterizedTest
    @CsvSource({"90s, PT1M30S", "5m, PT5M", "1h, PT1H", "PT5M, PT5M", "pt10s, PT10S", "45, PT45S", "250ms, PT0.25S", "2d, PT48H"})
    void parsesDurations(String text, String expected) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0", "0s", "-5m", "PT0S", "-PT1M", "soon", "5 minutes", "1.5h"})
    void refusesBadOrNonPositiveDurations(String text) {
        assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "'");
    }

    @Test
    void formatsDurationsForPeople() {
        assertThat(Durations.format(Duration.ofMillis(350))).isEqualTo("350ms");
        assertThat(Durations.format(Duration.ofMillis(4200))).isEqualTo("4.2s");
        assertThat(Durations.format(Duration.ofSeconds(3723))).isEqualTo("1h 2m 3s");
        assertThat(Durations.format(Duration.ofMinutes(5))).isEqualTo("5m 0s");
    }

    @Test
    void retryBackoffGrowsWithJitterUpToItsCap() {
        RetryPolicy p = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofMillis(400));

        assertThat(p.backoff(1, 0.0).toMillis()).isEqualTo(50L);
        assertThat(p.backoff(1, 0.999).toMillis()).isBetween(50L, 100L);
        assertThat(p.backoff(2, 0.5).toMillis()).isBetween(100L, 200L);
        assertThat(p.backoff(3, 0.999).toMillis()).isBetween(200L, 400L);
        assertThat(p.backoff(30, 0.0).toMillis()).isEqualTo(200L);
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
