package io.jenkins.plugins.sdejobs.cli;

import io.jenkins.plugins.sdejobs.engine.Futures;
import io.jenkins.plugins.sdejobs.engine.RiskCheck;
import io.jenkins.plugins.sdejobs.engine.SdeClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code risk-policy}: a project's risk-policy compliance, as a gate: the exit code says it. */
@Command(name = "risk-policy", description = "Show whether a project complies with its risk policy. Exits 0 when it "
        + "is compliant, 1 when it is not, 5 when that is undetermined (an unfinished survey, for example).")
final class RiskPolicyCommand implements Callable<Integer> {
    private final Context ctx;

    @Mixin
    ServerOptions server;

    @Option(names = "--project", required = true, paramLabel = "ID|NAME", converter = Converters.ProjectArg.class,
            description = "The project's id, or its name in SD Elements")
    String project;

    @Option(names = "--json", description = "Print the result as one JSON document")
    boolean json;

    RiskPolicyCommand(Context ctx) { this.ctx = ctx; }

    @Override
    public Integer call() throws InterruptedException {
        SdeClient client = server.client(ctx);
        RiskCheck check = client.riskCheck(Futures.await(client.projectIdAsync(project)));
        Output.riskCheck(ctx.out(), check, json);
        return exit(check);
    }

    /** 0 compliant, 1 not compliant, 5 undetermined. */
    static int exit(RiskCheck check) {
        return switch (check.project().compliance()) {
            case COMPLIANT -> Exit.OK;
            case NOT_COMPLIANT -> Exit.JOB_FAILED;
            case UNDETERMINED -> Exit.UNDETERMINED;
        };
    }
}
