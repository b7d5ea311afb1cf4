package io.jenkins.plugins.sdejobs.cli;

import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The options whose default comes from the environment, in one place: {@code --url} from {@code SDE_URL} and
 * {@code --progress} from {@code SDE_JOBS_PROGRESS} (a bad value is a usage error naming the variable). Their
 * {@code --help} text shows the value in effect, through picocli's {@code ${env:...}}.
 */
final class EnvDefaults implements IDefaultValueProvider {
    private static final Map<String, String> VARIABLES = Map.of("--url", "SDE_URL", "--progress", "SDE_JOBS_PROGRESS");

    private final Map<String, String> env;

    EnvDefaults(Map<String, String> env) { this.env = env; }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option) || !VARIABLES.containsKey(option.longestName())) {
            return null;
        }
        String name = VARIABLES.get(option.longestName());
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        if (name.equals("SDE_JOBS_PROGRESS") && !value.strip().matches("auto|live|plain")) {
            throw new CommandLine.ParameterException(arg.command().commandLine(),
                    "SDE_JOBS_PROGRESS must be auto, live or plain, not '" + value + "'");
        }
        return value.strip();
    }
}
