package io.jenkins.plugins.sdejobs.cli;

import io.jenkins.plugins.sdejobs.engine.Connection;
import io.jenkins.plugins.sdejobs.engine.Futures;
import io.jenkins.plugins.sdejobs.engine.Trigger;
import io.jenkins.plugins.sdejobs.engine.Outcome;
import io.jenkins.plugins.sdejobs.engine.Job;
import io.jenkins.plugins.sdejobs.engine.JobFilter;
import io.jenkins.plugins.sdejobs.engine.JobKind;
import io.jenkins.plugins.sdejobs.engine.JobRef;
import io.jenkins.plugins.sdejobs.engine.PendingSnapshot;
import io.jenkins.plugins.sdejobs.engine.RiskCheck;
import io.jenkins.plugins.sdejobs.engine.SdeClient;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The commands that talk to a server: run, wait, get, list, report and connections. */
final class JobCommands {
    private JobCommands() {
    }

    /** Options every job command has. */
    abstract static class JobCommand implements Callable<Integer> {
        final Context ctx;

        @Mixin
        ServerOptions server;

        @Option(names = "--kind", required = true, paramLabel = "KIND", converter = Converters.Kind.class,
                description = "alm, analysis or ldap")
        JobKind kind;

        @Option(names = "--json", description = "Print the result as one JSON document")
        boolean json;

        JobCommand(Context ctx) { this.ctx = ctx; }
    }

    /** What {@code --connection} says: an id or an alias, looked up once, before anything is posted. */
    private static final String CONNECTION = "The connection's id, or its alias (name) in SD Elements";

    @Command(name = "run", description = "Start a job and, unless --no-wait, wait until it is ready.")
    static final class Run extends JobCommand {
        @Option(names = "--connection", required = true, paramLabel = "ID|NAME", converter = Converters.ConnectionArg.class,
                description = CONNECTION)
        String connection;

        @Option(names = "--no-wait", description = "Return as soon as the job is created")
        boolean noWait;

        @Option(names = "--automatic", description = "Mark the job as started automatically")
        boolean automatic;

        /** What to do when the connection already has a pending job of this kind. */
        enum WhenPending { start, join }

        @Option(names = "--when-pending", paramLabel = "start|join", defaultValue = "start",
                description = "When the connection already has a pending job of this kind: start another (start, the "
                        + "default), or wait for the newest pending one instead of posting (join)")
        WhenPending whenPending;

        @Option(names = "--risk-policy", description = "With --kind analysis: once the import has succeeded, check the "
                + "connection's project against its risk policy, as risk-policy does (exit 1 not compliant, 5 undetermined)")
        boolean riskPolicy;

        @Mixin
        WaitFlags waitOptions;

        Run(Context ctx) { super(ctx); }

        @Override
        public Integer call() throws InterruptedException {
            if (riskPolicy && kind != JobKind.ANALYSIS) {
                throw CliError.usage("--risk-policy checks the project an analysis import changed: use it with --kind analysis");
            }
            if (riskPolicy && noWait) {
                throw CliError.usage("--risk-policy checks the project once the import has finished: drop --no-wait");
            }
            SdeClient client = server.client(ctx);
            long id = client.connectionId(kind, connection);
            Long project = riskPolicy ? projectOf(client, id) : null; // before anything is started
            Job job = null;
            if (whenPending == WhenPending.join) { // one list: the job to join, or, when none, the snapshot for the POST
                job = Futures.await(client.newestPendingAsync(kind, id)).orElse(null);
                if (job != null) {
                    ctx.err().println("Joined " + job.describe() + ", already pending"
                            + (job.startedBy() == null ? "" : " (started by " + job.startedBy().display() + ")")
                            + ", instead of starting another: " + client.jobUrl(job.ref()));
                }
            }
            if (job == null) {
                job = whenPending == WhenPending.join
                        ? Futures.await(client.initiateAsync(kind, id, Trigger.of(automatic), PendingSnapshot.known(0)))
                        : client.initiate(kind, id, Trigger.of(automatic));
                ctx.err().println("Started " + job.describe() + " on " + client.apiRoot());
            }
            if (noWait) {
                Output.job(ctx.out(), job, json);
                return Exit.OK;
            }
            if (project == null) {
                return new Waiter(ctx).awaitStarted(client, job, waitOptions, json);
            }
            Job done = new Waiter(ctx).awaitStartedJob(client, job, waitOptions);
            if (!done.succeeded()) { // a failed import changed nothing worth checking
                Output.job(ctx.out(), done, json);
                return Exit.JOB_FAILED;
            }
            RiskCheck check = client.riskCheck(project);
            Output.importChecked(ctx.out(), done, check, json);
            return RiskPolicyCommand.exit(check);
        }

        /** The project that analysis connection {@code id} imports into, or a usage error that says it has none. */
        private static long projectOf(SdeClient client, long id) throws InterruptedException {
            Connection c = client.connections(JobKind.ANALYSIS).stream().filter(x -> x.id() == id).findFirst()
                    .orElseThrow(() -> CliError.usage("--risk-policy: analysis connection " + id
                            + " is not one this token's user can see, so its project is unknown"));
            if (c.project() == null) {
                throw CliError.usage("--risk-policy: analysis connection " + c.display() + " names no project to check");
            }
            return c.project();
        }
    }

    @Command(name = "wait", description = "Wait until an existing job is ready.")
    static final class Wait extends JobCommand {
        @Option(names = "--id", required = true, paramLabel = "ID", converter = Converters.Id.class,
                description = "The job's numeric id")
        long id;

        @Mixin
        WaitFlags waitOptions;

        Wait(Context ctx) { super(ctx); }

        @Override
        public Integer call() throws InterruptedException {
            return new Waiter(ctx).await(server.client(ctx), JobRef.of(kind, id), waitOptions, json);
        }
    }

    @Command(name = "get", description = "Show one job. Exits 1 if it finished with succeeded:false.")
    static final class Get extends JobCommand {
        @Option(names = "--id", required = true, paramLabel = "ID", converter = Converters.Id.class,
                description = "The job's numeric id")
        long id;

        Get(Context ctx) { super(ctx); }

        @Override
        public Integer call() throws InterruptedException {
            Job job = server.client(ctx).getJob(JobRef.of(kind, id));
            Output.job(ctx.out(), job, json);
            return job.status() == Job.Status.FAILED ? Exit.JOB_FAILED : Exit.OK;
        }
    }

    @Command(name = "list", description = "List jobs of one kind, every page, newest (highest id) first.")
    static final class ListJobs extends JobCommand {
        @Option(names = "--connection", paramLabel = "ID|NAME", converter = Converters.ConnectionArg.class,
                description = "Only this connection's jobs (its id, or its alias)")
        String connection;

        @Option(names = "--ready", paramLabel = "BOOL", arity = "1",
                description = "Only finished (true) or unfinished (false) jobs")
        Boolean ready;

        @Option(names = "--succeeded", paramLabel = "BOOL", arity = "1",
                description = "Only jobs that succeeded (true) or did not (false)")
        Boolean succeeded;

        @Option(names = "--automatic", paramLabel = "BOOL", arity = "0..1", fallbackValue = "true",
                description = "Only jobs started automatically (--automatic, as on run and report), or by hand (--automatic=false)")
        Boolean automatic;

        @Option(names = "--user", paramLabel = "EMAIL", description = "Only jobs this person started (their e-mail)")
        String user;

        ListJobs(Context ctx) { super(ctx); }

        @Override
        public Integer call() throws InterruptedException {
            if (user != null && !user.contains("@")) {
                throw CliError.usage("--user takes an e-mail address, not '" + user + "'");
            }
            SdeClient client = server.client(ctx);
            Long id = connection == null ? null : client.connectionId(kind, connection);
            List<Job> jobs = client.listJobs(kind, JobFilter.ALL.withAutomatic(automatic).withConnection(id)
                    .withReady(ready).withSucceeded(succeeded).withUser(user)).stream()
                    .sorted(Comparator.comparingLong(Job::id).reversed()).toList();
            Output.jobs(ctx.out(), jobs, json);
            return Exit.OK;
        }
    }

    @Command(name = "report", description = "Record the result of a job run elsewhere (the API's Post Results).")
    static final class Report extends JobCommand {
        @Option(names = "--connection", required = true, paramLabel = "ID|NAME", converter = Converters.ConnectionArg.class,
                description = CONNECTION)
        String connection;

        @Option(names = "--succeeded", required = true, paramLabel = "BOOL", arity = "1",
                description = "Whether the job succeeded: true or false")
        boolean succeeded;

        @Option(names = "--message", required = true, paramLabel = "TEXT", description = "The result message")
        String message;

        @Option(names = "--automatic", description = "Mark the job as run automatically")
        boolean automatic;

        Report(Context ctx) { super(ctx); }

        @Override
        public Integer call() throws InterruptedException {
            SdeClient client = server.client(ctx);
            Job job = client.recordResult(kind, client.connectionId(kind, connection),
                    succeeded ? Outcome.succeeded(message) : Outcome.failed(message), Trigger.of(automatic));
            Output.job(ctx.out(), job, json);
            return Exit.OK;
        }
    }

    @Command(name = "connections", description = "List the connections of one kind: id, alias, system, project and "
            + "last job, so that run, list and report can name one. Secrets are never shown.")
    static final class Connections extends JobCommand {
        Connections(Context ctx) { super(ctx); }

        @Override
        public Integer call() throws InterruptedException {
            Output.connections(ctx.out(), Futures.await(server.client(ctx).connectionsWithLastJobAsync(kind)), json);
            return Exit.OK;
        }
    }
}
