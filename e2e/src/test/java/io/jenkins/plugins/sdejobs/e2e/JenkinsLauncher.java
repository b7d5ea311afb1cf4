package io.jenkins.plugins.sdejobs.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * How a Jenkins is started and stopped: by the jenkins-from-source tool (the default) or from an official war
 * ({@code E2E_JENKINS_WAR}). Either way it serves {@code http://127.0.0.1:PORT/jenkins/}, with the plugin under
 * test and the plugins it needs installed in {@code home/plugins}. The suite knows nothing else about it.
 */
interface JenkinsLauncher {

    /** Starts Jenkins on {@code home} and returns when it is fully up; a home used before is resumed. */
    void start(Path home, int port, List<String> javaOptions) throws IOException, InterruptedException;

    /** Stops it gracefully (Jenkins saves running Pipelines) and returns when the process has ended. */
    void stop(Path home) throws IOException, InterruptedException;

    /** What the suite says about where Jenkins comes from. */
    String describe();

    /** {@code E2E_JENKINS_WAR} if set, otherwise the tool in {@code E2E_JFS}; with the plugin under test. */
    static JenkinsLauncher fromEnvironment() { return fromEnvironment(E2eSettings.hpi()); }

    /** The same with another build of the plugin, such as the previous release. */
    static JenkinsLauncher fromEnvironment(Path hpi) {
        String war = System.getenv("E2E_JENKINS_WAR");
        if (war != null && !war.isBlank()) {
            return new WarLauncher(Path.of(war), E2eSettings.required("E2E_JENKINS_PLUGINS"), hpi);
        }
        return new ToolLauncher(E2eSettings.required("E2E_JFS"), hpi);
    }
}
