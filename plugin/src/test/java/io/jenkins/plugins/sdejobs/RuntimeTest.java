package io.jenkins.plugins.sdejobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.sdejobs.engine.ApiToken;
import io.jenkins.plugins.sdejobs.simulator.Simulator;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** The plugin's own threads (all named sde-jobs-jenkins...): shutdown stops them, and they stay stopped. */
@WithJenkins
class RuntimeTest {

    private static long threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && t.getName().startsWith(prefix)).count();
    }

    @Test
    void shutdownStopsEveryThreadOfThePluginAndTheyStayStopped(JenkinsRule j) throws Exception {
        try (Simulator sim = SdeFixture.simulator()) {
            SdeFixture.configure(j, sim);
            WorkflowJob p = j.jenkins.createProject(WorkflowJob.class, "p");
            p.setDefinition(new CpsFlowDefinition("sdeJob kind: 'alm', connection: 1", true));
            j.buildAndAssertSuccess(p);
            assertThat(threadsNamed("sde-jobs-jenkins")).as("the plugin's threads while it works").isPositive();

            SdeJobsRuntime.shutdown();

            await().atMost(Duration.ofSeconds(10)).until(() -> threadsNamed("sde-jobs-jenkins") == 0);
            assertThat(threadsNamed("sde-jobs-jenkins")).as("the plugin's threads after shutdown").isZero();
            assertThatThrownBy(SdeJobsRuntime.get()::engine).isInstanceOf(RejectedExecutionException.class);
            assertThatThrownBy(() -> SdeJobsRuntime.get().clientBuilder(sim.url(), ApiToken.of(sim.token())))
                    .isInstanceOf(RejectedExecutionException.class);
        }
    }
}
