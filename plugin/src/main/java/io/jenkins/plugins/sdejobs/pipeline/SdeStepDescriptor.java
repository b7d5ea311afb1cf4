package io.jenkins.plugins.sdejobs.pipeline;

import io.jenkins.plugins.sdejobs.ServerChoiceForms;
import io.jenkins.plugins.sdejobs.ConnectionArgument;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;

/**
 * What every SD Elements step's descriptor shares: its context, its label in the flow graph, {@link ServerChoiceForms},
 * and {@link ConnectionArgument} (a connection given as a number or as text).
 */
public abstract class SdeStepDescriptor extends StepDescriptor implements ServerChoiceForms, ConnectionArgument {
    @Override
    public Set<? extends Class<?>> getRequiredContext() { return SdeStep.CONTEXT; }

    /** What Stage View and the Pipeline graph show for the step: {@code alm #12} or {@code alm Jira Cloud}, {@code alm job 42}. */
    @Override
    public String argumentsToString(Map<String, Object> namedArgs) {
        Object kind = namedArgs.get("kind");
        if (kind == null) { // sdeRiskPolicy
            Object project = namedArgs.get("project");
            return project == null ? null : "project " + project;
        }
        Object connection = namedArgs.get("connection");
        Object id = namedArgs.get("id");
        String c = connection == null ? "" : connection.toString().matches("\\d+") ? " #" + connection : " " + connection;
        return kind + (id != null ? " job " + id : c);
    }
}
