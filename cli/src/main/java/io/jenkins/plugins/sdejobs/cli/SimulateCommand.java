package io.jenkins.plugins.sdejobs.cli;

import io.jenkins.plugins.sdejobs.simulator.ServerMode;
import io.jenkins.plugins.sdejobs.simulator.Simulator;
import io.jenkins.plugins.sdejobs.simulator.SimulatorConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "simulate", description = "Run an SD Elements simulator on loopback until interrupted; prints its URL and token.")
final class SimulateCommand implements Callable<Integer> {
    private final Context ctx;

    @Option(names = "--port", paramLabel = "N", description = "Port to listen on (default: a free one)")
    int port;

    @Option(names = "--config", paramLabel = "FILE", description = "JSON file with the connections to simulate "
            + "(default: one of each kind; the LDAP one fails)")
    Path config;

    @Option(names = "--mode", paramLabel = "MODE", description = "The server generation to play: legacy (4.x), "
            + "current (5.x, the default) or newest; overrides the config file's")
    String mode;

    SimulateCommand(Context ctx) { this.ctx = ctx; }

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535) {
            throw CliError.usage("--port must be between 0 and 65535, not " + port);
        }
        Simulator.Builder b;
        try {
            b = config == null ? SimulatorConfig.defaults() : SimulatorConfig.load(config);
            if (mode != null) {
                b.mode(ServerMode.parse(mode));
            }
        } catch (IllegalArgumentException e) {
            throw CliError.usage(e.getMessage());
        }
        Simulator sim;
        try {
            sim = b.port(port).start();
        } catch (java.io.UncheckedIOException e) {
            throw CliError.usage(e.getMessage());
        }
        ctx.out().println("url: " + sim.url());
        ctx.out().println("token: " + sim.token());
        ctx.out().flush();
        ctx.err().println("Simulating SD Elements. Try, in another shell:");
        ctx.err().println("  SDE_URL=" + sim.url() + " SDE_TOKEN=" + sim.token() + " bin/sde-jobs run --kind alm --connection 1");
        ctx.err().println("Press Ctrl-C to stop.");
        Runtime.getRuntime().addShutdownHook(new Thread(sim::close));
        new CountDownLatch(1).await();
        return Exit.OK;
    }
}
