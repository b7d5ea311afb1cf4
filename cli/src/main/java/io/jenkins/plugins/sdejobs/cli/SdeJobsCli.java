package io.jenkins.plugins.sdejobs.cli;

import io.jenkins.plugins.sdejobs.engine.RetryPolicy;
import io.jenkins.plugins.sdejobs.engine.SdeException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.CancellationException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code sde-jobs}: trigger SD Elements jobs and wait for them, from any CI system or shell. */
@Command(name = "sde-jobs", mixinStandardHelpOptions = true, versionProvider = SdeJobsCli.Version.class,
        scope = ScopeType.INHERIT, // -h and -V on every command, with the same version
        description = "Trigger SD Elements ALM, analysis and LDAP jobs and wait for them.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:done (and the job succeeded); the job was created (run --no-wait)",
                "1:the job finished with succeeded: false; risk-policy: the project is not compliant",
                "2:usage or bad input (a connection name that matches none or several, too); nothing was started",
                "3:timed out waiting; the job keeps running",
                "4:the server refused or failed, or a POST may or may not have acted",
                "5:risk-policy, or run --risk-policy: the project's compliance is undetermined (e.g. an unfinished survey)",
                "70:a bug in sde-jobs (please report it)",
                "130:interrupted; the job keeps running"},
        footer = {"", "Connection: --url or SDE_URL; the token from SDE_TOKEN or --token-file."})
public final class SdeJobsCli implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "Missing command: run, wait, get, list, report, connections, risk-policy, simulate or demo");
    }

    /** Runs one command line; returns the exit code. Never throws, never prints a stack trace. */
    public static int execute(String[] args, Map<String, String> env, PrintStream out, PrintStream err, boolean live) {
        return execute(args, env, out, err, live, RetryPolicy.DEFAULT);
    }

    /** The same with another retry policy (tests use short backoffs). */
    static int execute(String[] args, Map<String, String> env, PrintStream out, PrintStream err, boolean live,
                       RetryPolicy retry) {
        Context ctx = new Context(env, out, err, live, retry);
        CommandLine cl = new CommandLine(new SdeJobsCli())
                .addSubcommand(new JobCommands.Run(ctx))
                .addSubcommand(new JobCommands.Wait(ctx))
                .addSubcommand(new JobCommands.Get(ctx))
                .addSubcommand(new JobCommands.ListJobs(ctx))
                .addSubcommand(new JobCommands.Report(ctx))
                .addSubcommand(new JobCommands.Connections(ctx))
                .addSubcommand(new RiskPolicyCommand(ctx))
                .addSubcommand(new SimulateCommand(ctx))
                .addSubcommand(new DemoCommand(ctx));
        cl.setDefaultValueProvider(new EnvDefaults(env));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setParameterExceptionHandler((e, a) -> {
            err.println("sde-jobs: " + e.getMessage());
            err.println("Try 'sde-jobs " + (e.getCommandLine().getParent() == null ? "" : e.getCommandLine().getCommandName() + " ")
                    + "--help'.");
            return Exit.USAGE;
        });
        cl.setExecutionExceptionHandler((e, c, r) -> {
            err.println("sde-jobs: " + message(e));
            return code(e);
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    static int code(Exception e) {
        if (e instanceof CliError c) {
            return c.code;
        }
        if (e instanceof SdeException.WaitTimeout) {
            return Exit.TIMEOUT;
        }
        if (e instanceof SdeException.NameUnresolved) {
            return Exit.USAGE; // bad input, found out by one look-up; nothing was started
        }
        if (e instanceof SdeException) {
            return Exit.SERVER;
        }
        if (e instanceof InterruptedException || e instanceof CancellationException) {
            return Exit.INTERRUPTED;
        }
        // Usage errors are CliErrors, raised before anything is sent; any other exception, an
        // IllegalArgumentException included, may come after a request went out, so it is no usage error.
        return Exit.INTERNAL;
    }

    private static String message(Exception e) {
        if (e instanceof InterruptedException || e instanceof CancellationException) {
            return "interrupted";
        }
        if (code(e) == Exit.INTERNAL) {
            return "unexpected error (a bug in sde-jobs, please report it): " + e.getClass().getName();
        }
        return e.getMessage();
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = SdeJobsCli.class.getPackage().getImplementationVersion();
            return new String[] {"sde-jobs " + (v == null ? "dev" : v)};
        }
    }
}
