package io.jenkins.plugins.sdejobs;

import hudson.model.Result;
import hudson.util.ListBoxModel;
import java.util.Locale;

/**
 * What a job that finished with {@code succeeded: false} makes the build, the same on the Pipeline steps
 * ({@code failedJobResult:}) and the freestyle builder: FAILURE fails it, UNSTABLE marks it (and, in a Pipeline, the
 * step's stage) unstable and goes on, SUCCESS only logs.
 */
public enum FailedJobResult {
    FAILURE, UNSTABLE, SUCCESS;

    /** {@code text} as one of the three, case aside; the error says which are allowed. */
    public static FailedJobResult parse(String text) { return parse(text, "failedJobResult"); }

    /** The same for another option of these three values ({@code riskPolicy}, ...), which the error names. */
    public static FailedJobResult parse(String text, String option) {
        for (FailedJobResult r : values()) {
            if (text != null && r.name().equals(text.trim().toUpperCase(Locale.ROOT))) {
                return r;
            }
        }
        throw new IllegalArgumentException(Messages.FailedJobResult_Bad(option, text));
    }

    /** The build result it sets; null for SUCCESS, which sets none. */
    public Result result() {
        return this == SUCCESS ? null : Result.fromString(name());
    }

    /** The choices for a form; {@code unset}: a first, empty one that leaves it to {@code propagate}. */
    public static ListBoxModel choices(String unset) {
        ListBoxModel m = new ListBoxModel();
        if (unset != null) {
            m.add(unset, "");
        }
        m.add(Messages.SdeJobBuilder_Failure(), FAILURE.name());
        m.add(Messages.SdeJobBuilder_Unstable(), UNSTABLE.name());
        m.add(Messages.SdeJobBuilder_Success(), SUCCESS.name());
        return m;
    }
}
