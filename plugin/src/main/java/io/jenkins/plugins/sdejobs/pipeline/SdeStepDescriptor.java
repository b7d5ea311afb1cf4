package io.jenkins.plugins.sdejobs.pipeline;

import hudson.model.Item;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.sdejobs.Forms;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/** The form methods every SD Elements step shares; {@link Forms} says who may use which. */
public abstract class SdeStepDescriptor extends StepDescriptor {
    @Override
    public Set<? extends Class<?>> getRequiredContext() { return SdeStep.CONTEXT; }

    /** What Stage View and the Pipeline graph show for the step: {@code alm #12} (the connection), {@code alm job 42}. */
    @Override
    public String argumentsToString(Map<String, Object> namedArgs) {
        Object kind = namedArgs.get("kind");
        if (kind == null) {
            return null;
        }
        Object connection = namedArgs.get("connection");
        Object id = namedArgs.get("id");
        return kind + (id != null ? " job " + id : connection != null ? " #" + connection : "");
    }

    @POST
    public ListBoxModel doFillKindItems() { return Forms.kinds(); }

    @POST
    public FormValidation doCheckTimeout(@QueryParameter String value) {
        return Forms.checkTimeout(value);
    }

    @POST
    public ListBoxModel doFillServerItems(@AncestorInPath Item item) { return Forms.servers(item); }

    @POST
    public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String server,
                                                 @QueryParameter String credentialsId) {
        return Forms.credentials(item, server, credentialsId);
    }
}
