package io.jenkins.plugins.sdejobs.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.sdejobs.simulator.ServerMode;
import io.jenkins.plugins.sdejobs.simulator.SimConnection;
import io.jenkins.plugins.sdejobs.simulator.SimProject;
import io.jenkins.plugins.sdejobs.simulator.SimRiskPolicy;
import io.jenkins.plugins.sdejobs.simulator.Simulator;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A project's risk-policy compliance, read over real HTTP: three states, by id or by name, and the errors. */
class RiskPolicyTest {
    /** An analysis connection of project 6 whose import makes it not compliant, at once. */
    private static final long FLIPPING = 60;
    private Simulator sim;

    private Simulator start(ServerMode mode) {
        sim = Fixtures.simulator(SimConnection.of(FLIPPING, "analysis").alias("Flipping scanner").project(6)
                        .queuedFor(Duration.ZERO).complianceAfterImport(false))
                .mode(mode)
                .project(SimProject.of(5, "Payments API").riskPolicy(1))
                .project(SimProject.of(6, "Checkout").compliant(true).riskPolicy(1))
                .project(SimProject.of(7, "Ledger").compliant(null).riskPolicy(2))
                .project(SimProject.of(8, "Secret project").forbidden())
                .project(SimProject.of(9, "Twin")).project(SimProject.of(10, "twin"))
                .project(SimProject.of(11, "Orphan").compliant(false).riskPolicy(99))
                .riskPolicy(SimRiskPolicy.of(1, "Default risk policy", "No high-risk countermeasure left incomplete"))
                .riskPolicy(SimRiskPolicy.of(2, "Strict", "Survey complete", "No medium-risk countermeasure left incomplete"))
                .start();
        return sim;
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @ParameterizedTest
    @EnumSource(ServerMode.class)
    void eachOfTheThreeStatesIsReadWithItsPolicy(ServerMode mode) throws Exception {
        SdeClient client = Fixtures.client(start(mode));

        RiskCheck compliant = client.riskCheck(5);
        RiskCheck undetermined = client.riskCheck(7);
        RiskCheck notCompliant = client.riskCheck(11);

        assertThat(compliant.project().compliance()).isEqualTo(RiskCompliance.COMPLIANT);
        assertThat(compliant.project().name()).isEqualTo("Payments API");
        assertThat(compliant.project().url()).endsWith("/project-5/");
        assertThat(compliant.policy().name()).isEqualTo("Default risk policy");
        assertThat(compliant.describe()).isEqualTo("Project Payments API (#5) is compliant with risk policy 'Default risk policy'");
        assertThat(undetermined.project().compliance()).isEqualTo(RiskCompliance.UNDETERMINED);
        assertThat(undetermined.policy().conditions()).containsExactly("Survey complete", "No medium-risk countermeasure left incomplete");
        assertThat(notCompliant.project().compliance()).isEqualTo(RiskCompliance.NOT_COMPLIANT);
        assertThat(notCompliant.policy()).as("policy 99 is gone: the project's answer still decides").isNull();
        assertThat(notCompliant.describe()).isEqualTo("Project Orphan (#11) is not compliant with its risk policy");
    }

    @Test
    void theGateReadsTheStateAfterTheImportNotBefore() throws Exception {
        SdeClient client = Fixtures.client(start(ServerMode.CURRENT));
        assertThat(client.riskCheck(6).project().compliance()).isEqualTo(RiskCompliance.COMPLIANT);

        Job imported = client.initiate(JobKind.ANALYSIS, FLIPPING, Trigger.MANUAL);
        assertThat(client.await(imported.ref(), Fixtures.FAST_WATCH).succeeded()).isTrue();

        assertThat(client.riskCheck(6).project().compliance()).isEqualTo(RiskCompliance.NOT_COMPLIANT);
    }

    @Test
    void aProjectIsNamedByItsNameExactlyOrInAnyCaseWhenUnique() throws Exception {
        SdeClient client = Fixtures.client(start(ServerMode.CURRENT));

        assertThat(Futures.await(client.projectIdAsync("Payments API"))).isEqualTo(5);
        assertThat(Futures.await(client.projectIdAsync(" payments api "))).isEqualTo(5);
        assertThat(Futures.await(client.projectIdAsync("Twin"))).as("an exact match wins over a case-insensitive one").isEqualTo(9);
        assertThat(Futures.await(client.projectIdAsync("7"))).isEqualTo(7);
        assertThat(sim.count("GET", "/api/v2/projects/")).as("one list per name, none for an id").isEqualTo(3);
    }

    @Test
    void aNameThatMatchesNoneOrSeveralSaysSoInOneLineAndReadsNothingElse() {
        SdeClient client = Fixtures.client(start(ServerMode.CURRENT));

        assertThatThrownBy(() -> Futures.await(client.projectIdAsync("Billing")))
                .isInstanceOf(SdeException.NameUnresolved.class)
                .hasMessage("No project that this token's user can see is named 'Billing' (it sees 'Checkout', 'Ledger', "
                        + "'Orphan', 'Payments API', 'Twin', 'twin'): give one of those names, or the project's id.");
        assertThatThrownBy(() -> Futures.await(client.projectIdAsync("TWIN")))
                .isInstanceOf(SdeException.NameUnresolved.class)
                .hasMessage("'TWIN' names 2 projects (#9, #10): give the project's id instead.");
        assertThat(sim.requestLog()).allMatch(r -> r.startsWith("GET /api/v2/projects/?"), "only the lookups");
        assertThatThrownBy(() -> client.projectIdAsync("0")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'0' is not a valid project id: ids are positive numbers");
    }

    @ParameterizedTest
    @EnumSource(ServerMode.class)
    void aForbiddenOrMissingProjectIsNamedByItsStatus(ServerMode mode) {
        SdeClient client = Fixtures.client(start(mode));

        assertThatThrownBy(() -> client.riskCheck(8)).isInstanceOf(SdeException.AccessDenied.class)
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> client.riskCheck(404)).isInstanceOf(SdeException.NotFound.class)
                .hasMessageContaining(mode == ServerMode.LEGACY ? "Not found." : "Project matching query does not exist.")
                .hasMessageNotContaining("\n");
        assertThat(sim.count("GET", "/api/v2/risk-policies/")).isZero();
    }

    @Test
    void theTokenIsInNoMessage() {
        SdeClient client = Fixtures.client(start(ServerMode.CURRENT));
        assertThatThrownBy(() -> client.riskCheck(8)).satisfies(e -> assertThat(e.getMessage()).doesNotContain(sim.token()));
        assertThatThrownBy(() -> Futures.await(client.projectIdAsync("Billing")))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(sim.token()));
    }
}
