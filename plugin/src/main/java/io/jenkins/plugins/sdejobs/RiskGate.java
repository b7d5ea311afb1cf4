package io.jenkins.plugins.sdejobs;

import hudson.AbortException;
import hudson.model.Result;
import hudson.model.Run;
import io.jenkins.plugins.sdejobs.engine.ProjectNames;
import io.jenkins.plugins.sdejobs.engine.RiskCheck;
import io.jenkins.plugins.sdejobs.engine.RiskCompliance;
import io.jenkins.plugins.sdejobs.engine.RiskPolicy;
import java.util.LinkedHashMap;
import java.util.Locale;
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
        if (text == null || text.isBlank()) {
            return null;
        }
        for (FailedJobResult r : FailedJobResult.values()) {
            if (r.name().equals(text.trim().toUpperCase(Locale.ROOT))) {
                return r;
            }
        }
        throw new IllegalArgumentException(Messages.RiskGate_Bad(option, text));
    }

    /** What {@code check} makes the build: null when the project is compliant. */
    public FailedJobResult outcome(RiskCheck check) {
        return switch (check.project().compliance()) {
            case COMPLIANT -> null;
            case NOT_COMPLIANT -> whenNotCompliant;
            case UNDETERMINED -> whenUndetermined;
        };
    }

    /**
     * In a freestyle build: logs {@code check}'s line; FAILURE fails the step with it, UNSTABLE marks the build.
     * Pipelines also mark the step's stage (their own {@code RiskOutcome}).
     */
    public void applyTo(Run<?, ?> build, BuildLog log, RiskCheck check) throws AbortException {
        String line = check.summary();
        FailedJobResult result = outcome(check);
        if (result == FailedJobResult.FAILURE) {
            throw new AbortException(line);
        }
        log.println(line);
        if (result == FailedJobResult.UNSTABLE) {
            build.setResult(Result.UNSTABLE);
            log.println(Messages.RiskGate_MarkedUnstable(line, option(check)));
        }
    }

    /** The option that chose {@link #outcome}, for the log line. */
    public static String option(RiskCheck check) {
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
