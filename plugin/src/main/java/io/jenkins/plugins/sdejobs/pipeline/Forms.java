package io.jenkins.plugins.sdejobs.pipeline;

import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import com.cloudbees.plugins.credentials.domains.URIRequirementBuilder;
import hudson.AbortException;
import hudson.Util;
import hudson.model.Item;
import hudson.security.ACL;
import hudson.util.ComboBoxModel;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.sdejobs.Messages;
import io.jenkins.plugins.sdejobs.SdeTarget;
import io.jenkins.plugins.sdejobs.config.SdeGlobalConfiguration;
import io.jenkins.plugins.sdejobs.config.SdeServer;
import io.jenkins.plugins.sdejobs.engine.Connection;
import io.jenkins.plugins.sdejobs.engine.Durations;
import io.jenkins.plugins.sdejobs.engine.JobKind;
import io.jenkins.plugins.sdejobs.engine.SdeException;
import java.util.List;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/**
 * Form helpers shared by the step and builder descriptors. Each checks Item/Configure on the job (or
 * Overall/Administer outside one) and throws without it.
 */
public final class Forms {
    private Forms() {
    }

    /** Item/Configure on the job, or Overall/Administer outside one; throws without it. */
    public static void checkConfigure(Item item) {
        if (item == null) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        } else {
            item.checkPermission(Item.CONFIGURE);
        }
    }

    public static ListBoxModel kinds(Item item) {
        checkConfigure(item);
        ListBoxModel m = new ListBoxModel();
        for (JobKind k : JobKind.values()) {
            m.add(k.label(), k.id());
        }
        return m;
    }

    public static FormValidation checkId(Item item, String value) {
        checkConfigure(item);
        try {
            return Long.parseLong(Util.fixNull(value).trim()) > 0 ? FormValidation.ok() : FormValidation.error(Messages.Forms_PositiveId());
        } catch (NumberFormatException e) {
            return FormValidation.error(Messages.Forms_PositiveId());
        }
    }

    /**
     * Checks a connection id, and when the server and credentials can be resolved for this job, looks it up
     * on the server so the form shows its name ("Jira (#12), JIRA") or warns that it does not exist.
     */
    public static FormValidation checkConnection(Item item, String value, String kind, String serverName,
                                                 String credentialsId) {
        FormValidation number = checkId(item, value);
        if (number.kind != FormValidation.Kind.OK || item == null) {
            return number;
        }
        long id = Long.parseLong(value.trim());
        try {
            List<Connection> connections = connections(item, kind, serverName, credentialsId);
            if (connections == null) {
                return FormValidation.ok();
            }
            for (Connection c : connections) {
                if (c.id() == id) {
                    return FormValidation.ok(c.display() + (c.system() == null ? "" : ", " + c.system()));
                }
            }
            return FormValidation.warning(Messages.Forms_NoSuchConnection(JobKind.parse(kind).id(), id,
                    SdeGlobalConfiguration.get().server(serverName).getName()));
        } catch (AbortException | IllegalArgumentException | SdeException e) {
            return FormValidation.warning(Messages.Forms_CannotCheckConnection(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FormValidation.ok();
        }
    }

    /** The ids of the server's connections of this kind, offered as you type; empty when they can't be read. */
    public static ComboBoxModel connectionIds(Item item, String kind, String serverName, String credentialsId) {
        checkConfigure(item);
        ComboBoxModel ids = new ComboBoxModel();
        try {
            List<Connection> connections = item == null ? null : connections(item, kind, serverName, credentialsId);
            if (connections != null) {
                connections.forEach(c -> ids.add(Long.toString(c.id())));
            }
        } catch (AbortException | IllegalArgumentException | SdeException e) {
            // no suggestions; the field still takes a number, and its check says what is wrong
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ids;
    }

    /** The connections the job's server and credentials can see, or null when no credentials are found. */
    private static List<Connection> connections(Item item, String kind, String serverName, String credentialsId)
            throws AbortException, InterruptedException {
        JobKind k = JobKind.parse(kind);
        SdeServer server = SdeGlobalConfiguration.get().server(serverName);
        String id = Util.fixEmptyAndTrim(credentialsId) != null ? credentialsId.trim() : server.getCredentialsId();
        StringCredentials token = id == null ? null : CredentialsProvider.findCredentialByIdInItem(id,
                StringCredentials.class, item, ACL.SYSTEM2, URIRequirementBuilder.fromUri(server.getUrl()).build());
        return token == null ? null : SdeTarget.client(server, token).connections(k);
    }

    public static FormValidation checkTimeout(Item item, String value) {
        checkConfigure(item);
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
        checkConfigure(item);
        ListBoxModel m = new ListBoxModel();
        m.add(Messages.Forms_DefaultServer(), "");
        SdeGlobalConfiguration.get().getServers().forEach(s -> m.add(s.getName()));
        return m;
    }

    /** Secret text credentials visible to the job, listed only to those who may configure it. */
    public static ListBoxModel credentials(Item item, String serverName, String credentialsId) {
        StandardListBoxModel result = new StandardListBoxModel();
        boolean allowed = item == null ? Jenkins.get().hasPermission(Jenkins.ADMINISTER) : item.hasPermission(Item.CONFIGURE);
        if (!allowed) {
            return result.includeCurrentValue(credentialsId);
        }
        String url = SdeGlobalConfiguration.get().getServers().stream()
                .filter(s -> s.getName().equals(serverName)).map(SdeServer::getUrl).findFirst().orElse("");
        return result.includeEmptyValue()
                .includeMatchingAs(ACL.SYSTEM2, item, StringCredentials.class, URIRequirementBuilder.fromUri(url).build(),
                        CredentialsMatchers.always())
                .includeCurrentValue(credentialsId);
    }
}
