package io.jenkins.plugins.sdejobs.config;

import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import com.cloudbees.plugins.credentials.domains.DomainRequirement;
import com.cloudbees.plugins.credentials.domains.URIRequirementBuilder;
import hudson.AbortException;
import hudson.Extension;
import hudson.Util;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.security.ACL;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.sdejobs.Messages;
import io.jenkins.plugins.sdejobs.SdeJobsRuntime;
import io.jenkins.plugins.sdejobs.engine.ApiToken;
import io.jenkins.plugins.sdejobs.engine.BaseUrl;
import io.jenkins.plugins.sdejobs.engine.CallListener;
import io.jenkins.plugins.sdejobs.engine.SdeClient;
import io.jenkins.plugins.sdejobs.engine.SdeException;
import io.jenkins.plugins.sdejobs.engine.User;
import java.net.URI;
import java.util.List;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/** One SD Elements server: a name to refer to it by, its URL, and the id of a Secret text credential (the API token). */
public final class SdeServer implements Describable<SdeServer> {
    private final String name;
    private final String url;
    private final String credentialsId;

    @DataBoundConstructor
    public SdeServer(String name, String url, String credentialsId) {
        this.name = Util.fixNull(name).trim();
        this.url = Util.fixNull(url).trim();
        this.credentialsId = Util.fixEmptyAndTrim(credentialsId);
    }

    public String getName() { return name; }

    public String getUrl() { return url; }

    public String getCredentialsId() { return credentialsId; }

    /** What credentials for this server must match: its URL's scheme, host and path. */
    public List<DomainRequirement> domain() { return URIRequirementBuilder.fromUri(url).build(); }

    /**
     * This server's own token, or null. It belongs to the server, which only administrators configure, so it
     * is looked up at Jenkins level: Global and System scope both work, for builds as for Test connection.
     * (A step's or builder's {@code credentialsId} is looked up for the build instead.)
     */
    public StringCredentials token() {
        return credentialsId == null ? null : CredentialsMatchers.firstOrNull(
                CredentialsProvider.lookupCredentialsInItemGroup(StringCredentials.class, Jenkins.get(), ACL.SYSTEM2, domain()),
                CredentialsMatchers.withId(credentialsId));
    }

    /** A client for this server that authenticates with {@code token}; a bad URL or token is named. */
    public SdeClient client(StringCredentials token) throws AbortException {
        return client(token, CallListener.NONE);
    }

    /** The same, telling {@code calls} of its retries and adopted jobs (a build's log). */
    public SdeClient client(StringCredentials token, CallListener calls) throws AbortException {
        try {
            return SdeJobsRuntime.get().clientBuilder(url, ApiToken.of(token.getSecret().getPlainText())).callListener(calls).build();
        } catch (IllegalArgumentException e) {
            throw new AbortException(Messages.SdeServer_BadServer(name, e.getMessage()));
        }
    }

    @Extension
    public static final class DescriptorImpl extends Descriptor<SdeServer> {
        @Override
        public String getDisplayName() { return Messages.SdeServer_DisplayName(); }

        @POST
        public FormValidation doCheckName(@QueryParameter String value) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
            return Util.fixEmptyAndTrim(value) == null ? FormValidation.error(Messages.SdeServer_NameRequired()) : FormValidation.ok();
        }

        @POST
        public FormValidation doCheckUrl(@QueryParameter String value) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
            String v = Util.fixEmptyAndTrim(value);
            if (v == null) {
                return FormValidation.error(Messages.SdeServer_UrlRequired());
            }
            URI root;
            try {
                root = BaseUrl.apiRoot(v); // the engine's own rule, so the form accepts exactly what a build will
            } catch (IllegalArgumentException e) {
                return FormValidation.error(e.getMessage());
            }
            return "http".equals(root.getScheme()) ? FormValidation.warning(Messages.SdeServer_UrlNotHttps()) : FormValidation.ok();
        }

        @POST
        public FormValidation doCheckCredentialsId(@QueryParameter String value) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
            return Util.fixEmptyAndTrim(value) == null ? FormValidation.warning(Messages.SdeServer_CredentialsRequired()) : FormValidation.ok();
        }

        /** Lists Secret text credentials to administrators only, so ids can't be enumerated by others. */
        @POST
        public ListBoxModel doFillCredentialsIdItems(@QueryParameter String url, @QueryParameter String credentialsId) {
            StandardListBoxModel result = new StandardListBoxModel();
            if (!Jenkins.get().hasPermission(Jenkins.ADMINISTER)) {
                return result.includeCurrentValue(credentialsId);
            }
            return result.includeEmptyValue()
                    .includeMatchingAs(ACL.SYSTEM2, Jenkins.get(), StringCredentials.class,
                            URIRequirementBuilder.fromUri(url).build(), CredentialsMatchers.always())
                    .includeCurrentValue(credentialsId);
        }

        /** "Test connection": asks {@code users/me/} who the token belongs to. */
        @POST
        public FormValidation doTestConnection(@QueryParameter String url, @QueryParameter String credentialsId)
                throws InterruptedException {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
            SdeServer server = new SdeServer("test", url, credentialsId);
            StringCredentials token = server.token();
            if (token == null) {
                return FormValidation.error(Messages.SdeServer_TestNoCredentials());
            }
            try {
                SdeClient client = server.client(token);
                User me = client.me();
                return FormValidation.ok(Messages.SdeServer_TestOk(client.apiRoot().toString(), me.display()));
            } catch (AbortException | SdeException e) {
                return FormValidation.error(e.getMessage()); // plain text: it may quote the server
            }
        }
    }
}
