package io.jenkins.plugins.sdejobs.pipeline;

import hudson.Extension;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.sdejobs.FailedJobResult;
import io.jenkins.plugins.sdejobs.Forms;
import io.jenkins.plugins.sdejobs.Messages;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/** {@code sdeJobWait(kind: 'alm', id: 42)}: waits for a job started earlier, e.g. by {@code sdeJob(wait: false)}. */
public final class SdeJobWaitStep extends WaitingStep {
    private final long id;

    @DataBoundConstructor
    public SdeJobWaitStep(String kind, long id) {
        super(kind);
        this.id = id;
    }

    @Override
    void validate() {
        super.validate();
        if (id <= 0) {
            throw new IllegalArgumentException(Messages.SdeJobWaitStep_BadId(Long.toString(id)));
        }
    }

    public long getId() { return id; }

    @Override
    StepExecution execution(StepContext context) {
        return new WaitExecution(context, this, id);
    }

    @Extension
    public static final class DescriptorImpl extends SdeStepDescriptor {
        @Override
        public String getFunctionName() { return "sdeJobWait"; }

        @Override
        public String getDisplayName() { return Messages.SdeJobWaitStep_DisplayName(); }

        @POST
        public ListBoxModel doFillFailedJobResultItems() { return FailedJobResult.choices(Messages.WaitingStep_AsPropagateSays()); }

        @POST
        public FormValidation doCheckId(@QueryParameter String value) {
            return Forms.checkId(value);
        }
    }
}
