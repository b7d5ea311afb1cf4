package io.jenkins.plugins.sdejobs.pipeline;

import io.jenkins.plugins.sdejobs.ServerChoiceForms;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;

/** What every SD Elements step's descriptor shares: its context, its label in the flow graph, and {@link ServerChoiceForms}. */
public abstract class SdeStepDescriptor extends StepDescriptor implements ServerChoiceForms {
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
}
