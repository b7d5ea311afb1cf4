package io.jenkins.plugins.sdejobs;

import hudson.model.Item;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * The form methods of what every step and the freestyle builder choose alike: the kind, the server, the
 * credentials and the timeout. One home for descriptors that cannot share a superclass (a StepDescriptor, a
 * BuildStepDescriptor); Stapler and Jenkins find these default methods as they find a class's own. {@link Forms}
 * says who may use which.
 */
public interface ServerChoiceForms {
    @POST
    default ListBoxModel doFillKindItems() { return Forms.kinds(); }

    @POST
    default ListBoxModel doFillServerItems(@AncestorInPath Item item) { return Forms.servers(item); }

    @POST
    default ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String server,
                                                  @QueryParameter String credentialsId) {
        return Forms.credentials(item, server, credentialsId);
    }

    @POST
    default FormValidation doCheckTimeout(@QueryParameter String value) { return Forms.checkTimeout(value); }
}
