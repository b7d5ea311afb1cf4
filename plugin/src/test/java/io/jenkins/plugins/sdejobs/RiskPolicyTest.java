package io.jenkins.plugins.sdejobs;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.model.Result;
import io.jenkins.plugins.sdejobs.freestyle.SdeJobBuilder;
import io.jenkins.plugins.sdejobs.freestyle.SdeRiskPolicyRecorder;
import io.jenkins.plugins.sdejobs.pipeline.SdeJobStep;
import io.jenkins.plugins.sdejobs.pipeline.SdeRiskPolicyStep;
import io.jenkins.plugins.sdejobs.simulator.SimConnection;
import io.jenkins.plugins.sdejobs.simulator.SimProject;
import io.jenkins.plugins.sdejobs.simulator.SimRiskPolicy;
import io.jenkins.plugins.sdejobs.simulator.Simulator;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jenkinsci.plugins.workflow.actions.WarningAction;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.cps.Snippetizer;
import org.jenkinsci.plugins.workflow.graphanalysis.DepthFirstScanner;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.steps.StepConfigTester;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Import, then gate: {@code sdeJob(riskPolicy:)}, {@code sdeRiskPolicy} and the freestyle builder and post-build step
 * read the project's risk-policy compliance as the import left it, against a simulator whose imports change it.
 */
@WithJenkins
class RiskPolicyTest {
    private JenkinsRule j;
    private Simulator sim;

    @BeforeEach
    void setUp(JenkinsRule rule) throws Exception {
        j = rule;
        sim = SdeFixture.builder()
                .connection(SimConnection.of(20, "analysis").alias("Fortify").project(6).queuedFor(Duration.ofMillis(300))
                        .complianceAfterImport(false))
                .connection(SimConnection.of(23, "analysis").alias("Broken scan").project(6).queuedFor(Duration.ofMillis(300))
                        .fails("scan upload rejected").complianceAfterImport(false))
                .project(SimProject.of(5, "Payments API").riskPolicy(1))
                .project(SimProject.of(6, "Checkout").riskPolicy(1))
                .project(SimProject.of(7, "Ledger").compliant(null).riskPolicy(1))
                .project(SimProject.of(8, "Legacy").compliant(false).riskPolicy(1))
                .riskPolicy(SimRiskPolicy.of(1, "Default", "No high-risk countermeasure left incomplete"))
                .start();
        SdeFixture.configure(j, sim);
    }

    @AfterEach
    void tearDown() {
        sim.close();
    }

    private WorkflowRun run(String script, Result expected) throws Exception {
        WorkflowJob p = j.jenkins.createProject(WorkflowJob.class, "p" + j.jenkins.getItems().size());
        p.setDefinition(new CpsFlowDefinition(script, true));
        return j.buildAndAssertStatus(expected, p);
    }

    private static List<WarningAction> warnings(WorkflowRun b) {
        return new DepthFirstScanner().allNodes(b.getExecution()).stream()
                .map(n -> n.getPersistentAction(WarningAction.class)).filter(Objects::nonNull).toList();
    }

    @Test
    void anImportThatMakesTheProjectNotCompliantMarksTheBuildAndTheStageUnstable() throws Exception {
        WorkflowRun b = run("def r = sdeJob(kind: 'analysis', connection: 'Fortify', riskPolicy: 'UNSTABLE')\n"
                + "echo \"succeeded=${r.succeeded} compliant=${r.riskPolicy.compliant} policy=${r.riskPolicy.policyName}\"",
                Result.UNSTABLE);

        j.assertLogContains("Project Checkout (#6) is not compliant with risk policy 'Default' (it requires: No high-risk "
                + "countermeasure left incomplete): http", b);
        j.assertLogContains("The build is UNSTABLE (whenNotCompliant: 'UNSTABLE')", b);
        j.assertLogContains("succeeded=true compliant=false policy=Default", b);
        assertThat(warnings(b)).singleElement().satisfies(w -> {
            assertThat(w.getResult()).isEqualTo(Result.UNSTABLE);
            assertThat(w.getMessage()).contains("Checkout (#6) is not compliant with risk policy 'Default'");
        });
        SdeJobsAction.RiskEntry entry = b.getAction(SdeJobsAction.class).getRisks().get(0);
        assertThat(entry.getProject()).isEqualTo("Checkout (#6)");
        assertThat(entry.getCompliance()).isEqualTo("not compliant");
        assertThat(entry.getAfterJob()).isEqualTo(b.getAction(SdeJobsAction.class).getEntries().get(0).getId());
    }

    @Test
    void aFailedImportNeverReachesTheCheck() throws Exception {
        WorkflowRun b = run("sdeJob(kind: 'analysis', connection: 23, riskPolicy: 'UNSTABLE')", Result.FAILURE);

        j.assertLogContains("scan upload rejected", b);
        assertThat(sim.count("GET", "/api/v2/projects/")).isZero();
    }

    @Test
    void riskPolicyOnAnotherKindOrWithoutWaitingIsRefusedBeforeAnythingIsPosted() throws Exception {
        WorkflowRun alm = run("sdeJob(kind: 'alm', connection: 1, riskPolicy: 'FAILURE')", Result.FAILURE);
        WorkflowRun noWait = run("sdeJob(kind: 'analysis', connection: 20, wait: false, riskPolicy: 'FAILURE')", Result.FAILURE);
        WorkflowRun bad = run("sdeJob(kind: 'analysis', connection: 20, riskPolicy: 'MAYBE')", Result.FAILURE);

        j.assertLogContains("riskPolicy checks the project an analysis import changed: use it with kind: 'analysis', not 'alm'", alm);
        j.assertLogContains("it has no effect with wait: false", noWait);
        j.assertLogContains("riskPolicy must be FAILURE, UNSTABLE or SUCCESS, not MAYBE", bad);
        j.assertLogNotContains("\tat ", bad);
        assertThat(sim.count("POST", "/api/v2/jobs/")).isZero();
    }

    @Test
    void sdeRiskPolicyFailsANotCompliantProjectAndMarksAnUndeterminedOneUnstableByDefault() throws Exception {
        WorkflowRun failed = run("sdeRiskPolicy(project: 'Legacy')", Result.FAILURE);
        WorkflowRun undetermined = run("def r = sdeRiskPolicy(project: 7)\necho \"compliant=${r.compliant} compliance=${r.compliance}\"",
                Result.UNSTABLE);
        WorkflowRun compliant = run("def r = sdeRiskPolicy(project: 'payments api')\necho \"id=${r.projectId} compliant=${r.compliant}\"",
                Result.SUCCESS);

        j.assertLogContains("ERROR: Project Legacy (#8) is not compliant with risk policy 'Default'", failed);
        j.assertLogNotContains("\tat ", failed);
        j.assertLogContains("compliant=null compliance=undetermined", undetermined);
        j.assertLogContains("The build is UNSTABLE (whenUndetermined: 'UNSTABLE')", undetermined);
        assertThat(warnings(undetermined)).hasSize(1);
        j.assertLogContains("Project Payments API (#5) is compliant with risk policy 'Default': http", compliant);
        j.assertLogContains("id=5 compliant=true", compliant);
    }

    @Test
    void sdeRiskPolicyOutcomesAreConfigurable() throws Exception {
        WorkflowRun lenient = run("sdeRiskPolicy(project: 8, whenNotCompliant: 'SUCCESS')\nsdeRiskPolicy(project: 7, whenUndetermined: 'success')",
                Result.SUCCESS);
        WorkflowRun strict = run("sdeRiskPolicy(project: 7, whenUndetermined: 'FAILURE')", Result.FAILURE);

        j.assertLogContains("Project Legacy (#8) is not compliant", lenient);
        j.assertLogContains("Project Ledger (#7) is undetermined", lenient);
        j.assertLogNotContains("UNSTABLE", lenient);
        j.assertLogContains("ERROR: Project Ledger (#7) is undetermined", strict);
    }

    @Test
    void aProjectNameThatMatchesNothingFailsInOneLineAndReadsNothingElse() throws Exception {
        WorkflowRun b = run("sdeRiskPolicy(project: 'Billing')", Result.FAILURE);

        j.assertLogContains("No project that this token's user can see is named 'Billing' (it sees 'Checkout', 'Ledger', "
                + "'Legacy', 'Payments API'): give one of those names, or the project's id.", b);
        assertThat(sim.requestLog()).allMatch(r -> r.startsWith("GET /api/v2/projects/?"));
    }

    @Test
    void theFreestyleBuilderChecksAfterTheImportAndThePostBuildStepChecksAProject() throws Exception {
        SdeJobBuilder builder = new SdeJobBuilder("analysis", "20");
        builder.setRiskPolicy("UNSTABLE");
        FreeStyleProject importing = j.createFreeStyleProject();
        importing.getBuildersList().add(builder);
        FreeStyleBuild imported = j.buildAndAssertStatus(Result.UNSTABLE, importing);
        j.assertLogContains("Project Checkout (#6) is not compliant with risk policy 'Default'", imported);
        assertThat(imported.getAction(SdeJobsAction.class).getRisks()).singleElement()
                .satisfies(r -> assertThat(r.getAfterJob()).isNotNull());

        FreeStyleProject gating = j.createFreeStyleProject();
        gating.getPublishersList().add(new SdeRiskPolicyRecorder("Ledger"));
        FreeStyleBuild undetermined = j.buildAndAssertStatus(Result.UNSTABLE, gating);
        j.assertLogContains("Project Ledger (#7) is undetermined with risk policy 'Default'", undetermined);
        SdeRiskPolicyRecorder failing = new SdeRiskPolicyRecorder("Checkout");
        gating.getPublishersList().replace(failing);
        j.buildAndAssertStatus(Result.FAILURE, gating);
        j.assertLogContains("Project Checkout (#6) is not compliant", gating.getLastBuild());
    }

    @Test
    void theNewOptionsRoundTripThroughTheirForms() throws Exception {
        SdeRiskPolicyStep step = new SdeRiskPolicyStep("Payments API");
        step.setWhenUndetermined("SUCCESS");
        j.assertEqualDataBoundBeans(step, new StepConfigTester(j).configRoundTrip(step));
        assertThat(Snippetizer.object2Groovy(step)).isEqualTo("sdeRiskPolicy project: 'Payments API', whenUndetermined: 'SUCCESS'");
        assertThat(Snippetizer.object2Groovy(new SdeRiskPolicyStep("5"))).as("an id is written as a number").isEqualTo("sdeRiskPolicy 5");
        j.assertLogContains("Project Payments API (#5) is compliant", run("sdeRiskPolicy 5", Result.SUCCESS)); // and runs as written
        SdeJobStep job = new SdeJobStep("analysis", "20");
        job.setRiskPolicy("UNSTABLE");
        j.assertEqualDataBoundBeans(job, new StepConfigTester(j).configRoundTrip(job));
        assertThat(Snippetizer.object2Groovy(job)).isEqualTo("sdeJob connection: 20, kind: 'analysis', riskPolicy: 'UNSTABLE'");

        SdeRiskPolicyRecorder recorder = new SdeRiskPolicyRecorder("Payments API");
        recorder.setWhenUndetermined("SUCCESS");
        FreeStyleProject p = j.createFreeStyleProject();
        p.getPublishersList().add(recorder);
        j.configRoundtrip(p);
        SdeRiskPolicyRecorder after = p.getPublishersList().get(SdeRiskPolicyRecorder.class);
        assertThat(after.getProject()).isEqualTo("Payments API");
        assertThat(after.getWhenUndetermined()).isEqualTo("SUCCESS");
        assertThat(after.getWhenNotCompliant()).isNull();
    }
}
