package io.jenkins.plugins.sdejobs;

import hudson.model.Action;
import hudson.model.Run;
import io.jenkins.plugins.sdejobs.engine.Connection;
import io.jenkins.plugins.sdejobs.engine.Job;
import io.jenkins.plugins.sdejobs.engine.RiskCheck;
import io.jenkins.plugins.sdejobs.engine.RiskPolicy;
import io.jenkins.plugins.sdejobs.engine.SdeClient;
import io.jenkins.plugins.sdejobs.engine.User;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.RunAction2;

/**
 * The SD Elements jobs a build triggered or waited for, and the projects it checked against their risk policies,
 * shown on the build's page (summary.jelly).
 */
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

    /** One project as a risk-policy check saw it; {@code afterJob}: the import it followed, if any. Saved with the build. */
    public static final class RiskEntry {
        private final long projectId;
        private final String project;
        private final String compliance;
        private final String policy;
        private final String link;
        private final String server;
        private final Long afterJob;

        RiskEntry(RiskCheck check, String server, Long afterJob) {
            this.projectId = check.project().id();
            this.project = check.project().display();
            this.compliance = check.project().compliance().label();
            RiskPolicy p = check.policy(); // read once: spotbugs cannot know a record accessor is stable
            this.policy = p == null ? null : p.name();
            String url = check.project().url();
            this.link = url != null && url.matches("(?i)https?://.*") ? url : null; // a link only to a web page
            this.server = server;
            this.afterJob = afterJob;
        }

        public long getProjectId() { return projectId; }

        public String getProject() { return project; }

        public String getCompliance() { return compliance; }

        public String getPolicy() { return policy; }

        /** The project's page in SD Elements. */
        public String getLink() { return link; }

        public String getServer() { return server; }

        /** The analysis job whose import the check followed; null for a check of its own ({@code sdeRiskPolicy}). */
        public Long getAfterJob() { return afterJob; }
    }

    /** Copy-on-write: parallel branches add entries while the build is being saved (serialised). */
    private final List<Entry> entries = new CopyOnWriteArrayList<>();
    /** Null in builds saved before there were risk checks. */
    private List<RiskEntry> risks = new CopyOnWriteArrayList<>();
    private transient Run<?, ?> run;
    /** Guards adding the action to a build, so that parallel branches add one; not the Run, which core locks. */
    private static final Object ATTACH = new Object();

    /** Adds or updates this job's entry on the build, and saves the build; an entry once joined stays joined. */
    public static void record(Run<?, ?> run, Job job, String server, SdeClient client) { record(run, job, server, client, false); }

    /** The same, saying whether the build joined the job rather than starting it. */
    public static void record(Run<?, ?> run, Job job, String server, SdeClient client, boolean joined) {
        of(run).put(job, server, client.jobUrl(job.ref()), joined);
        save(run);
    }

    /** Adds a project's risk-policy check to the build page; {@code afterJob}: the import it followed, or null. */
    public static void recordRisk(Run<?, ?> run, RiskCheck check, String server, Long afterJob) {
        of(run).risks().add(new RiskEntry(check, server, afterJob));
        save(run);
    }

    /** The build's action, added on first use. */
    private static SdeJobsAction of(Run<?, ?> run) {
        synchronized (ATTACH) {
            SdeJobsAction action = run.getAction(SdeJobsAction.class);
            if (action == null) {
                action = new SdeJobsAction();
                run.addAction(action);
            }
            return action;
        }
    }

    private static void save(Run<?, ?> run) {
        try {
            run.save();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Could not save " + run + " after recording SD Elements results", e);
        }
    }

    private synchronized List<RiskEntry> risks() {
        if (risks == null) {
            risks = new CopyOnWriteArrayList<>();
        }
        return risks;
    }

    private synchronized void put(Job job, String server, URI link, boolean joined) {
        java.util.function.Predicate<Entry> same = x -> x.id == job.id() && x.kind.equals(job.kind().id()) && x.server.equals(server);
        boolean wasJoined = entries.stream().anyMatch(x -> same.test(x) && x.joined);
        entries.removeIf(same);
        entries.add(new Entry(job, server, link, joined || wasJoined));
    }

    public List<Entry> getEntries() { return List.copyOf(entries); }

    public List<RiskEntry> getRisks() { return List.copyOf(risks()); }

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
