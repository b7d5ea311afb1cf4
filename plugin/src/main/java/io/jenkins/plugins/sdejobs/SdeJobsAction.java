package io.jenkins.plugins.sdejobs;

import hudson.model.Action;
import hudson.model.Run;
import io.jenkins.plugins.sdejobs.engine.Connection;
import io.jenkins.plugins.sdejobs.engine.Job;
import io.jenkins.plugins.sdejobs.engine.SdeClient;
import io.jenkins.plugins.sdejobs.engine.User;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.RunAction2;

/** The SD Elements jobs a build triggered or waited for, shown on the build's page (summary.jelly). */
public final class SdeJobsAction implements RunAction2 {
    private static final Logger LOG = Logger.getLogger(SdeJobsAction.class.getName());

    /** One job as the build saw it last. Saved with the build: no params, no token. */
    public static final class Entry {
        private final String kind;
        private final long id;
        private final String connection;
        private final String outcome;
        private final String message;
        private final String server;
        private final String link;
        /** Who started the job, where the server says (5.x); null before. */
        private final String triggeredBy;
        /** The job was pending already, and the build waited for it instead of starting one ({@code whenPending: 'join'}). */
        private final boolean joined;

        Entry(Job job, String server, URI link, boolean joined) {
            this.joined = joined;
            this.kind = job.kind().id();
            this.id = job.id();
            Connection c = job.connection(); // read once: spotbugs cannot know a record accessor is stable
            this.connection = c == null ? "" : c.display();
            this.outcome = job.status().label();
            this.message = job.resultMessage();
            this.server = server;
            this.link = link.toString();
            User t = job.triggeredBy();
            this.triggeredBy = t == null ? null : t.display();
        }

        public String getTriggeredBy() { return triggeredBy; }

        public boolean isJoined() { return joined; }

        public String getKind() { return kind; }

        public long getId() { return id; }

        public String getConnection() { return connection; }

        public String getOutcome() { return outcome; }

        public String getMessage() { return message; }

        public String getServer() { return server; }

        /** The job in SD Elements' API, which a browser logged in to SD Elements shows. */
        public String getLink() { return link; }
    }

    /** Copy-on-write: parallel branches add entries while the build is being saved (serialised). */
    private final List<Entry> entries = new CopyOnWriteArrayList<>();
    private transient Run<?, ?> run;
    /** Guards adding the action to a build, so that parallel branches add one; not the Run, which core locks. */
    private static final Object ATTACH = new Object();

    /** Adds or updates this job's entry on the build, and saves the build; an entry once joined stays joined. */
    public static void record(Run<?, ?> run, Job job, String server, SdeClient client) { record(run, job, server, client, false); }

    /** The same, saying whether the build joined the job rather than starting it. */
    public static void record(Run<?, ?> run, Job job, String server, SdeClient client, boolean joined) {
        SdeJobsAction action;
        synchronized (ATTACH) {
            action = run.getAction(SdeJobsAction.class);
            if (action == null) {
                action = new SdeJobsAction();
                run.addAction(action);
            }
        }
        action.put(job, server, client.jobUrl(job.ref()), joined);
        try {
            run.save();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Could not save " + run + " after recording an SD Elements job", e);
        }
    }

    private synchronized void put(Job job, String server, URI link, boolean joined) {
        java.util.function.Predicate<Entry> same = x -> x.id == job.id() && x.kind.equals(job.kind().id()) && x.server.equals(server);
        boolean wasJoined = entries.stream().anyMatch(x -> same.test(x) && x.joined);
        entries.removeIf(same);
        entries.add(new Entry(job, server, link, joined || wasJoined));
    }

    public List<Entry> getEntries() { return List.copyOf(entries); }

    public Run<?, ?> getRun() { return run; }

    @Override
    public void onAttached(Run<?, ?> r) { this.run = r; }

    @Override
    public void onLoad(Run<?, ?> r) { this.run = r; }

    @Override
    public String getIconFileName() { return null; } // shown in the build summary, not in the side panel

    @Override
    public String getDisplayName() { return Messages.SdeJobsAction_DisplayName(); }

    @Override
    public String getUrlName() { return null; }
}
