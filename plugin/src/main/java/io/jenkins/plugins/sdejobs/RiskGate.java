package io.jenkins.plugins.sdejobs;

import hudson.AbortException;
import io.jenkins.plugins.sdejobs.engine.Connection;
import io.jenkins.plugins.sdejobs.engine.Job;
import io.jenkins.plugins.sdejobs.engine.ProjectNames;
import io.jenkins.plugins.sdejobs.engine.RiskCheck;
import io.jenkins.plugins.sdejobs.engine.RiskCompliance;
import io.jenkins.plugins.sdejobs.engine.RiskPolicy;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a project's risk-policy compliance makes the build, the same on {@code sdeRiskPolicy}, on
 * {@code sdeJob(riskPolicy:)} and in freestyle jobs: for a project that is not compliant, and for one whose compliance
 * is undetermined (SD Elements says null, as while its survey is unfinished). FAILURE fails the step, UNSTABLE marks
 * the build and the step's stage unstable, SUCCESS only logs.
 */
public record RiskGate(FailedJobResult whenNotCompliant, FailedJobResult whenUndetermined) {
    /** The step's defaults: not compliant fails, undetermined marks unstable. */
    public static final RiskGate DEFAULT = new RiskGate(FailedJobResult.FAILURE, FailedJobResult.UNSTABLE);

    /**
     * After an import ({@code riskPolicy:} on {@code sdeJob} and the builder): not compliant makes the build
     * {@code notCompliant}; undetermined the same, but never worse than UNSTABLE.
     */
    public static RiskGate afterImport(FailedJobResult notCompliant) {
        return new RiskGate(notCompliant, notCompliant == FailedJobResult.FAILURE ? FailedJobResult.UNSTABLE : notCompliant);
    }

    /**
     * The outcomes a step or post-build step was given, the defaults where none was; and its project, checked
     * before anything is sent. The error names the argument at fault.
     */
    public static RiskGate of(String project, String whenNotCompliant, String whenUndetermined) {
        if (project == null || project.isBlank()) {
            throw new IllegalArgumentException(Messages.RiskGate_BadProject("an empty value"));
        }
        ProjectNames.id(project); // digits must be a positive id
        FailedJobResult notCompliant = parse(whenNotCompliant, "whenNotCompliant");
        FailedJobResult undetermined = parse(whenUndetermined, "whenUndetermined");
        return new RiskGate(notCompliant == null ? DEFAULT.whenNotCompliant() : notCompliant,
                undetermined == null ? DEFAULT.whenUndetermined() : undetermined);
    }

    /** {@code text} as FAILURE, UNSTABLE or SUCCESS, case aside; null or blank: null. The error names {@code option}. */
    public static FailedJobResult parse(String text, String option) {
        return text == null || text.isBlank() ? null : FailedJobResult.parse(text, option);
    }

    /** What {@code check} makes the build: null when the project is compliant. */
    public FailedJobResult outcome(RiskCheck check) {
        return switch (check.project().compliance()) {
            case COMPLIANT -> null;
            case NOT_COMPLIANT -> whenNotCompliant;
            case UNDETERMINED -> whenUndetermined;
        };
    }

    /** How a build is marked unstable: a freestyle build's result; in a Pipeline, the step's node too. */
    public interface Unstable {
        void mark(String line) throws IOException, InterruptedException;
    }

    /**
     * Logs {@code check}'s line with the project's link; FAILURE fails the step with that line, UNSTABLE has
     * {@code unstable} mark the build and says so, SUCCESS only logs.
     */
    public void apply(BuildLog log, RiskCheck check, Unstable unstable) throws IOException, InterruptedException {
        String line = check.summary();
        FailedJobResult result = outcome(check);
        if (result == FailedJobResult.FAILURE) {
            throw new AbortException(line);
        }
        log.println(line);
        if (result == FailedJobResult.UNSTABLE) {
            unstable.mark(line);
            log.println(Messages.RiskGate_MarkedUnstable(line, option(check)));
        }
    }

    /** The failure for an import whose connection names no project to check. */
    public static AbortException noProject(Job job) {
        Connection c = job.connection();
        return new AbortException(Messages.RiskGate_NoProject(c == null ? "of " + job.describe() : c.display()));
    }

    /** The option that chose {@link #outcome}, for the log line. */
    private static String option(RiskCheck check) {
        return check.project().compliance() == RiskCompliance.UNDETERMINED ? "whenUndetermined" : "whenNotCompliant";
    }

    /**
     * What a script gets: {@code projectId}, {@code projectName}, {@code url}, {@code compliant} (true, false or null),
     * {@code compliance} (its words) and the policy's {@code policyId} and {@code policyName} (null when unknown).
     */
    public static Map<String, Object> toMap(RiskCheck check) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("projectId", check.project().id());
        m.put("projectName", check.project().name());
        m.put("url", check.project().url());
        m.put("compliant", check.project().compliance().asBoolean());
        m.put("compliance", check.project().compliance().label());
        m.put("policyId", check.project().riskPolicy());
        RiskPolicy policy = check.policy(); // read once: spotbugs cannot know a record accessor is stable
        m.put("policyName", policy == null ? null : policy.name());
        return m;
    }
}
