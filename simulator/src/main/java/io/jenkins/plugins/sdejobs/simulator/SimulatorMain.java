package io.jenkins.plugins.sdejobs.simulator;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the simulator in the foreground: {@code SimulatorMain [--port N] [--config FILE] [--mode M]}. Prints the URL and
 * token, then serves until the process is stopped. (The CLI's {@code simulate} command offers the same.)
 */
public final class SimulatorMain {
    private SimulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = 0;
        Path config = null;
        ServerMode mode = null;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--port" -> port = Integer.parseInt(args[++i]);
                    case "--config" -> config = Path.of(args[++i]);
                    case "--mode" -> mode = ServerMode.parse(args[++i]);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            Simulator.Builder b = config == null ? SimulatorConfig.defaults() : SimulatorConfig.load(config);
            if (mode != null) {
                b.mode(mode);
            }
            Simulator sim = b.port(port).threads(32).start();
            System.out.println("url: " + sim.url());
            System.out.println("token: " + sim.token());
            System.out.flush();
            Runtime.getRuntime().addShutdownHook(new Thread(sim::close));
            new CountDownLatch(1).await();
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException | java.io.UncheckedIOException e) {
            System.err.println("simulator: " + (e instanceof ArrayIndexOutOfBoundsException ? "an option lacks its value" : e.getMessage()));
            System.err.println("usage: SimulatorMain [--port N] [--config FILE] [--mode legacy|current|newest]");
            System.exit(2);
        }
    }
}
