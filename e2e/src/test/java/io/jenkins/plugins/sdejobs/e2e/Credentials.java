package io.jenkins.plugins.sdejobs.e2e;

/** Jenkins credentials through the credentials plugin's REST endpoint, as an administrator's script adds them. */
final class Credentials {
    private Credentials() {
    }

    /** Adds Secret text credentials to Jenkins' own store ({@code system}), global domain, in {@code scope}. */
    static void create(JenkinsHttp admin, String store, String scope, String id, String secret) {
        String xml = """
                <org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl>
                  <scope>%s</scope>
                  <id>%s</id>
                  <description>created by the e2e suite</description>
                  <secret>%s</secret>
                </org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl>
                """.formatted(scope, id, Builds.xmlEscape(secret));
        JenkinsHttp.Response r = admin.post("manage/credentials/store/" + store + "/domain/_/createCredentials",
                "application/xml", xml);
        if (r.status() != 200) {
            throw new IllegalStateException("createCredentials " + id + " answered HTTP " + r.status() + ": " + r.body());
        }
    }
}
