package io.jenkins.plugins.sdejobs;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.domains.URIRequirementBuilder;
import hudson.AbortException;
import hudson.Util;
import hudson.model.Run;
import io.jenkins.plugins.sdejobs.config.SdeGlobalConfiguration;
import io.jenkins.plugins.sdejobs.config.SdeServer;
import io.jenkins.plugins.sdejobs.engine.ApiToken;
import io.jenkins.plugins.sdejobs.engine.SdeClient;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/**
 * A configured server and a client for it, with the token looked up for one build. The token lives only in
 * the client, never in anything that is saved.
 */
public record SdeTarget(SdeServer server, SdeClient client) {

    /** Resolves {@code serverName} (blank: the default server) and its credentials, or {@code credentialsId} if given. */
    public static SdeTarget resolve(Run<?, ?> run, String serverName, String credentialsId) throws AbortException {
        SdeServer server = SdeGlobalConfiguration.get().server(serverName);
        String id = Util.fixEmptyAndTrim(credentialsId) != null ? credentialsId.trim() : server.getCredentialsId();
        if (Util.fixEmptyAndTrim(id) == null) {
            throw new AbortException(Messages.SdeTarget_NoCredentials(server.getName()));
        }
        var requirements = URIRequirementBuilder.fromUri(server.getUrl()).build();
        StringCredentials token = CredentialsProvider.findCredentialById(id, StringCredentials.class, run, requirements);
        if (token == null) {
            StandardCredentials other = CredentialsProvider.findCredentialById(id, StandardCredentials.class, run, requirements);
            throw new AbortException(other == null
                    ? Messages.SdeTarget_CredentialsNotFound(id)
                    : Messages.SdeTarget_CredentialsWrongType(id, other.getDescriptor().getDisplayName()));
        }
        return new SdeTarget(server, client(server, token));
    }

    /** A client for {@code server} that authenticates with {@code token}. */
    public static SdeClient client(SdeServer server, StringCredentials token) throws AbortException {
        try {
            return SdeClient.builder(server.getUrl(), ApiToken.of(token.getSecret().getPlainText()))
                    .httpClient(SdeJobsRuntime.httpClient())
                    .scheduler(SdeJobsRuntime.scheduler())
                    .build();
        } catch (IllegalArgumentException e) {
            throw new AbortException(Messages.SdeTarget_BadServer(server.getName(), e.getMessage()));
        }
    }
}
