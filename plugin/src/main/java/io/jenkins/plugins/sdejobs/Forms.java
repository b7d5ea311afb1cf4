package io.jenkins.plugins.sdejobs;

import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import com.cloudbees.plugins.credentials.domains.URIRequirementBuilder;
import hudson.AbortException;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Queue;
import hudson.model.queue.Tasks;
import hudson.security.ACL;
import hudson.util.ComboBoxModel;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.sdejobs.config.SdeGlobalConfiguration;
import io.jenkins.plugins.sdejobs.config.SdeServer;
import io.jenkins.plugins.sdejobs.engine.Connection;
import io.jenkins.plugins.sdejobs.engine.ConnectionNames;
import io.jenkins.plugins.sdejobs.engine.Durations;
import io.jenkins.plugins.sdejobs.engine.JobKind;
import io.jenkins.plugins.sdejobs.engine.SdeException;
import java.util.List;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/**
 * Form helpers shared by the steps' and the builder's descriptors, on the credentials plugin's consumer rules
 * (its docs/consumer.adoc), so that anyone who may open a Snippet Generator can use it:
 * <ul>
 * <li>fixed lists and checks of the typed text need no permission;
 * <li>the server and credentials lists need Item/ExtendedRead or Credentials/UseItem on a job, and at the root
 *     Overall/Read (servers) or Overall/Administer (credentials ids);
 * <li>anything that calls SD Elements needs Item/Configure, or Overall/Administer at the root;
 * <li>without permission a method answers empty, with the current value, or "ok": it never throws.
 * </ul>
 */
public final class Forms {
    private Forms() {
    }

    /** May this user make the server calls that the form's checks and suggestions make? */
    static boolean mayConfigure(Item item) {
        return item == null ? Jenkins.get().hasPermission(Jenkins.ADMINISTER) : item.hasPermission(Item.CONFIGURE);
    }

    /** May this user see which servers and credentials ids a job could use? */
    private static boolean maySeeChoices(Item item, boolean credentials) {
        if (item == null) {
            return Jenkins.get().hasPermission(credentials ? Jenkins.ADMINISTER : Jenkins.READ);
        }
        return item.hasPermission(Item.EXTENDED_READ) || item.hasPermission(CredentialsProvider.USE_ITEM);
    }

    public static ListBoxModel kinds() {
        ListBoxModel m = new ListBoxModel();
        for (JobKind k : JobKind.values()) {
            m.add(k.label(), k.id());
        }
        return m;
    }

    /** A connection as typed: an id or an alias; a number must be positive. Needs no permission: it sends nothing. */
    public static FormValidation checkConnectionText(String value) {
        String v = Util.fixEmptyAndTrim(value);
        if (v == null) {
            return FormValidation.error(Messages.Forms_ConnectionIdOrAlias());
        }
        try {
            ConnectionNames.id(v);
            return FormValidation.ok();
        } catch (IllegalArgumentException e) {
            return FormValidation.error(e.getMessage());
        }
    }

    public static FormValidation checkId(String value) {
        try {
            return Long.parseLong(Util.fixNull(value).trim()) > 0 ? FormValidation.ok() : FormValidation.error(Messages.Forms_PositiveId());
        } catch (NumberFormatException e) {
            return FormValidation.error(Messages.Forms_PositiveId());
        }
    }

    /**
     * Checks a connection id or alias, and when the user may configure the job and its server and credentials can
     * be resolved, looks it up on the server so the form shows which connection it is ("Jira (#12), JIRA"), warns
     * that there is none, or says which ids an ambiguous alias names.
     */
    public static FormValidation checkConnection(Item item, String value, String kind, String serverName,
                                                 String credentialsId) {
        FormValidation text = checkConnectionText(value);
        if (text.kind != FormValidation.Kind.OK || item == null || !mayConfigure(item)) {
            return text;
        }
        String wanted = value.trim();
        try {
            List<Connection> connections = connections(item, kind, serverName, credentialsId);
            if (connections == null) {
                return FormValidation.ok();
            }
            java.util.OptionalLong id = ConnectionNames.id(wanted);
            Connection found = id.isPresent()
                    ? connections.stream().filter(c -> c.id() == id.getAsLong()).findFirst().orElse(null)
                    : ConnectionNames.resolve(JobKind.parse(kind), wanted, connections);
            if (found != null) {
                return FormValidation.ok(found.display() + (found.system() == null ? "" : ", " + found.system()));
            }
            return FormValidation.warning(Messages.Forms_NoSuchConnection(JobKind.parse(kind).id(), wanted,
                    SdeGlobalConfiguration.get().server(serverName).getName()));
        } catch (SdeException.NameUnresolved e) {
            return FormValidation.warning(e.getMessage());
        } catch (AbortException | IllegalArgumentException | SdeException e) {
            return FormValidation.warning(Messages.Forms_CannotCheckConnection(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FormValidation.ok();
        }
    }

    /** The server's connections of this kind, by alias and by id, offered as you type; empty when they can't be read. */
    public static ComboBoxModel connectionIds(Item item, String kind, String serverName, String credentialsId) {
        ComboBoxModel ids = new ComboBoxModel();
        if (item == null || !mayConfigure(item)) {
            return ids;
        }
        try {
            List<Connection> connections = connections(item, kind, serverName, credentialsId);
            if (connections != null) {
                connections.forEach(c -> {
                    String alias = c.alias(); // read once: spotbugs cannot know a record accessor is stable
                    if (alias != null && !alias.isBlank()) {
                        ids.add(alias);
                    }
                });
                connections.forEach(c -> ids.add(Long.toString(c.id())));
            }
        } catch (AbortException | IllegalArgumentException | SdeException e) {
            // no suggestions; the field still takes a number, and its check says what is wrong
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ids;
    }

    /**
     * The connections the job's server and credentials can see, or null when no credentials are found. A
     * {@code credentialsId} is looked up as the job's builds will look it up: with the job's authentication (SYSTEM,
     * unless an authorize-project strategy says otherwise), so the check never sees credentials the build cannot.
     */
    private static List<Connection> connections(Item item, String kind, String serverName, String credentialsId)
            throws AbortException, InterruptedException {
        JobKind k = JobKind.parse(kind);
        SdeServer server = SdeGlobalConfiguration.get().server(serverName);
        String id = Util.fixEmptyAndTrim(credentialsId);
        if (id == null) {
            StringCredentials token = server.token();
            return token == null ? null : server.client(token).connections(k);
        }
        StringCredentials token = CredentialsProvider.findCredentialByIdInItem(id, StringCredentials.class, item,
                item instanceof Queue.Task t ? Tasks.getAuthenticationOf2(t) : ACL.SYSTEM2, server.domain());
        if (token == null) {
            throw new AbortException(Messages.SdeTarget_CredentialsNotFound(id)); // as the build would say
        }
        return server.client(token).connections(k);
    }

    public static FormValidation checkTimeout(String value) {
        if (Util.fixEmptyAndTrim(value) == null) {
            return FormValidation.ok();
        }
        try {
            Durations.parse(value);
            return FormValidation.ok();
        } catch (IllegalArgumentException e) {
            return FormValidation.error(e.getMessage());
        }
    }

    public static ListBoxModel servers(Item item) {
        ListBoxModel m = new ListBoxModel();
        if (!maySeeChoices(item, false)) {
            return m;
        }
        m.add(Messages.Forms_DefaultServer(), "");
        SdeGlobalConfiguration.get().getServers().forEach(s -> m.add(s.getName()));
        return m;
    }

    /**
     * Secret text credentials a step or builder of this job could use, as the build will look them up: in the
     * job's context, so folder credentials are listed and System-scoped ones are not.
     */
    public static ListBoxModel credentials(Item item, String serverName, String credentialsId) {
        StandardListBoxModel result = new StandardListBoxModel();
        if (!maySeeChoices(item, true)) {
            return result.includeCurrentValue(credentialsId);
        }
        String url = SdeGlobalConfiguration.get().getServers().stream()
                .filter(s -> s.getName().equals(Util.fixEmptyAndTrim(serverName) == null
                        ? SdeGlobalConfiguration.get().defaultServerName() : serverName))
                .map(SdeServer::getUrl).findFirst().orElse("");
        if (item == null) { // the global Snippet Generator: what a build could see, so not System scope
            return result.includeEmptyValue()
                    .includeMatchingAs(ACL.SYSTEM2, Jenkins.get(), StringCredentials.class,
                            URIRequirementBuilder.fromUri(url).build(),
                            CredentialsMatchers.not(CredentialsMatchers.withScope(CredentialsScope.SYSTEM)))
                    .includeCurrentValue(credentialsId);
        }
        return result.includeEmptyValue()
                .includeMatchingAs(item instanceof Queue.Task t ? Tasks.getAuthenticationOf2(t) : ACL.SYSTEM2, item,
                        StringCredentials.class, URIRequirementBuilder.fromUri(url).build(), CredentialsMatchers.always())
                .includeCurrentValue(credentialsId);
    }
}
