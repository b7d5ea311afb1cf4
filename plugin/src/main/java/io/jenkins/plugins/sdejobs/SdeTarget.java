package io.jenkins.plugins.sdejobs;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import hudson.AbortException;
import hudson.Util;
import hudson.model.Run;
import io.jenkins.plugins.sdejobs.config.SdeGlobalConfiguration;
import io.jenkins.plugins.sdejobs.config.SdeServer;
import io.jenkins.plugins.sdejobs.engine.CallListener;
import io.jenkins.plugins.sdejobs.engine.SdeClient;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/**
 * A configured server and a client for it, with the token looked up for one build. The token lives only in
 * the client, never in anything that is saved.
 */
public record SdeTarget(SdeServer server, SdeClient client) {

    /**
     * Resolves {@code serverName} (blank: the default server) and its token for one build. A step's or builder's
     * {@code credentialsId} is looked up for the build, so folder credentials work and System-scoped ones do
     * not; without one, the server's own token is used (see {@link SdeServer#token()}).
     */
    public static SdeTarget resolve(Run<?, ?> run, String serverName, String credentialsId, CallListener calls)
            throws AbortException {
        SdeServer server = SdeGlobalConfiguration.get().server(serverName);
        String stepId = Util.fixEmptyAndTrim(credentialsId);
        StringCredentials token;
        if (stepId != null) {
            token = CredentialsProvider.findCredentialById(stepId, StringCredentials.class, run, server.domain());
            if (token == null) {
                StandardCredentials other = CredentialsProvider.findCredentialById(stepId, StandardCredentials.class, run,
                        server.domain());
                throw new AbortException(other == null
                        ? Messages.SdeTarget_CredentialsNotFound(stepId)
                        : Messages.SdeTarget_CredentialsWrongType(stepId, other.getDescriptor().getDisplayName()));
            }
        } else if (!SdeGlobalConfiguration.get().isUseServerTokenInBuilds()) {
            throw new AbortException(Messages.SdeTarget_ServerTokenNotForBuilds(server.getName()));
        } else if (server.getCredentialsId() == null) {
            throw new AbortException(Messages.SdeTarget_NoCredentials(server.getName()));
        } else {
            token = server.token();
            if (token == null) {
                throw new AbortException(Messages.SdeTarget_ServerCredentialsNotFound(server.getName(), server.getCredentialsId()));
            }
        }
        CredentialsProvider.track(run, token);
        return new SdeTarget(server, server.client(token, calls));
    }
}
