package io.jenkins.plugins.sdejobs.pipeline;

import hudson.model.Item;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/** The form methods every SD Elements step shares; each checks Item/Configure (see {@link Forms}). */
public abstract class SdeStepDescriptor extends StepDescriptor {
    @Override
    public Set<? extends Class<?>> getRequiredContext() { return SdeStep.CONTEXT; }

    @POST
    public ListBoxModel doFillKindItems(@AncestorInPath Item item) { return Forms.kinds(item); }

    @POST
    public FormValidation doCheckTimeout(@AncestorInPath Item item, @QueryParameter String value) {
        return Forms.checkTimeout(item, value);
    }

    @POST
    public ListBoxModel doFillServerItems(@AncestorInPath Item item) { return Forms.servers(item); }

    @POST
    public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String server,
                                                 @QueryParameter String credentialsId) {
        return Forms.credentials(item, server, credentialsId);
    }
}
