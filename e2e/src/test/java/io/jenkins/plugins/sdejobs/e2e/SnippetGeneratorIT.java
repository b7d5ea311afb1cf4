package io.jenkins.plugins.sdejobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** Scenario 9: the Snippet Generator writes each step sorted by argument, with defaults left out. */
@Order(20)
class SnippetGeneratorIT {
    private final JenkinsHttp admin = Suite.jenkins().admin();

    private String snippet(String step, String fields) {
        JenkinsHttp.Response r = admin.post("pipeline-syntax/generateSnippet", JenkinsHttp.form("json",
                "{\"stapler-class\": \"io.jenkins.plugins.sdejobs.pipeline." + step + "\", " + fields + "}"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    @Test
    void eachStepIsWrittenSortedWithoutDefaults() {
        assertThat(snippet("SdeJobStep", "\"kind\": \"alm\", \"connection\": \"1\", \"wait\": true, \"propagate\": true, "
                + "\"automatic\": false, \"server\": \"\", \"credentialsId\": \"\", \"timeout\": \"\""))
                .isEqualTo("sdeJob connection: 1, kind: 'alm'");
        assertThat(snippet("SdeJobStep", "\"kind\": \"ldap\", \"connection\": \"3\", \"wait\": false, \"timeout\": \"20m\", \"server\": \"sim\""))
                .isEqualTo("sdeJob connection: 3, kind: 'ldap', server: 'sim', timeout: '20m', wait: false");
        assertThat(snippet("SdeJobWaitStep", "\"kind\": \"analysis\", \"id\": \"42\", \"propagate\": false"))
                .isEqualTo("sdeJobWait id: 42, kind: 'analysis', propagate: false");
        assertThat(snippet("SdeJobReportStep", "\"kind\": \"analysis\", \"connection\": \"2\", \"succeeded\": true, \"message\": \"Imported\""))
                .isEqualTo("sdeJobReport connection: 2, kind: 'analysis', message: 'Imported', succeeded: true");
        assertThat(snippet("SdeJobListStep", "\"kind\": \"alm\"")).isEqualTo("sdeJobList 'alm'"); // one argument: positional
        assertThat(snippet("SdeJobStep", "\"kind\": \"alm\", \"connection\": \"Jira Cloud\""))
                .as("what the user chose: a name stays a name").isEqualTo("sdeJob connection: 'Jira Cloud', kind: 'alm'");
        assertThat(snippet("SdeConnectionListStep", "\"kind\": \"analysis\"")).isEqualTo("sdeConnectionList 'analysis'");
    }
}
