package io.jenkins.plugins.sdejobs.config;

import hudson.AbortException;
import hudson.BulkChange;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.Util;
import hudson.util.FormValidation;
import io.jenkins.plugins.sdejobs.Messages;
import io.jenkins.plugins.sdejobs.engine.WatchOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import jenkins.model.GlobalConfiguration;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;
import net.sf.json.JSONObject;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.verb.POST;

/**
 * Manage Jenkins » System » SD Elements: the servers, which one is the default, and the default waiting
 * settings. Configurable with JCasC under {@code unclassified: sdElements:}.
 */
@Extension
@Symbol("sdElements")
public class SdeGlobalConfiguration extends GlobalConfiguration {
    /** Two hours: the longest SD Elements runs a job (an LDAP sync); queued time counts too. */
    static final int DEFAULT_TIMEOUT_MINUTES = 120;
    static final int DEFAULT_FIRST_POLL_SECONDS = 1;
    static final int DEFAULT_MAX_POLL_SECONDS = 30;

    private List<SdeServer> servers = new ArrayList<>();
    private String defaultServer;
    private int timeoutMinutes = DEFAULT_TIMEOUT_MINUTES;
    private int firstPollSeconds = DEFAULT_FIRST_POLL_SECONDS;
    private int maxPollSeconds = DEFAULT_MAX_POLL_SECONDS;
    /**
     * Whether a build that gives no {@code credentialsId} may use its server's token: a delegation, since then every
     * Jenkinsfile author may start jobs and record results with it (though never read it). On by default, as before.
     */
    private boolean useServerTokenInBuilds = true;

    public SdeGlobalConfiguration() {
        load();
    }

    public static SdeGlobalConfiguration get() {
        return ExtensionList.lookupSingleton(SdeGlobalConfiguration.class);
    }

    public List<SdeServer> getServers() { return servers; }

    /** Refuses two servers of one name: steps pick a server by its name. */
    @DataBoundSetter
    public void setServers(List<SdeServer> servers) {
        List<SdeServer> list = servers == null ? new ArrayList<>() : new ArrayList<>(servers);
        String twice = duplicateName(list);
        if (twice != null) {
            throw new IllegalArgumentException(Messages.SdeGlobalConfiguration_DuplicateName(twice));
        }
        this.servers = list;
        save();
    }

    private static String duplicateName(List<SdeServer> servers) {
        Set<String> seen = new HashSet<>();
        return servers.stream().map(SdeServer::getName).filter(n -> !seen.add(n)).findFirst().orElse(null);
    }

    /** The name of the server used when a step names none; blank means the first one. */
    public String getDefaultServer() { return defaultServer; }

    @DataBoundSetter
    public void setDefaultServer(String defaultServer) {
        this.defaultServer = Util.fixEmptyAndTrim(defaultServer);
        save();
    }

    public int getTimeoutMinutes() { return timeoutMinutes; }

    @DataBoundSetter
    public void setTimeoutMinutes(int timeoutMinutes) {
        this.timeoutMinutes = timeoutMinutes > 0 ? timeoutMinutes : DEFAULT_TIMEOUT_MINUTES;
        save();
    }

    public int getFirstPollSeconds() { return firstPollSeconds; }

    @DataBoundSetter
    public void setFirstPollSeconds(int firstPollSeconds) {
        this.firstPollSeconds = firstPollSeconds > 0 ? firstPollSeconds : DEFAULT_FIRST_POLL_SECONDS;
        save();
    }

    public boolean isUseServerTokenInBuilds() { return useServerTokenInBuilds; }

    @DataBoundSetter
    public void setUseServerTokenInBuilds(boolean use) {
        this.useServerTokenInBuilds = use;
        save();
    }

    public int getMaxPollSeconds() { return maxPollSeconds; }

    @DataBoundSetter
    public void setMaxPollSeconds(int maxPollSeconds) {
        this.maxPollSeconds = maxPollSeconds > 0 ? maxPollSeconds : DEFAULT_MAX_POLL_SECONDS;
        save();
    }

    /**
     * The form lists every server and the default: absent fields mean "none", not "unchanged". Nothing is kept,
     * in memory or on disk, when two servers share a name or the default names none of them: the binding calls the
     * setters, each of which saves, so it runs inside a {@link BulkChange}, which saves once, on commit, or never.
     */
    @Override
    public boolean configure(StaplerRequest2 req, JSONObject json) throws FormException {
        List<SdeServer> before = servers;
        String defaultBefore = defaultServer;
        int[] settingsBefore = {timeoutMinutes, firstPollSeconds, maxPollSeconds};
        boolean useBefore = useServerTokenInBuilds;
        try (BulkChange bc = new BulkChange(this)) {
            servers = new ArrayList<>();
            defaultServer = null;
            req.bindJSON(this, json);
            refuseInconsistent();
            bc.commit();
        } catch (IllegalArgumentException | FormException e) {
            servers = before;
            defaultServer = defaultBefore;
            timeoutMinutes = settingsBefore[0];
            firstPollSeconds = settingsBefore[1];
            maxPollSeconds = settingsBefore[2];
            useServerTokenInBuilds = useBefore;
            throw e instanceof FormException f ? f : new FormException(e.getMessage(), "servers");
        } catch (IOException e) {
            throw new FormException(e.getMessage(), e, "servers");
        }
        return true;
    }

    /** Binding may set the fields without the setters' checks: two servers of one name, or an unknown default. */
    private void refuseInconsistent() throws FormException {
        String twice = duplicateName(servers);
        if (twice != null) {
            throw new FormException(Messages.SdeGlobalConfiguration_DuplicateName(twice), "servers");
        }
        if (defaultServer != null && servers.stream().noneMatch(s -> s.getName().equals(defaultServer))) {
            throw new FormException(Messages.SdeGlobalConfiguration_UnknownDefault(defaultServer), "defaultServer");
        }
    }

    /** The server a step means: by name, or the default when {@code name} is blank. */
    public SdeServer server(String name) throws AbortException {
        if (servers.isEmpty()) {
            throw new AbortException(Messages.SdeGlobalConfiguration_NoServers());
        }
        String wanted = Util.fixEmptyAndTrim(name) != null ? name.trim() : defaultServer;
        if (wanted == null) {
            return servers.get(0);
        }
        for (SdeServer s : servers) {
            if (s.getName().equals(wanted)) {
                return s;
            }
        }
        throw new AbortException(Messages.SdeGlobalConfiguration_UnknownServer(wanted,
                String.join(", ", servers.stream().map(SdeServer::getName).toList())));
    }

    /** The name of the server a step that names none uses, or null when there is none. */
    public String defaultServerName() {
        return defaultServer != null ? defaultServer : servers.isEmpty() ? null : servers.get(0).getName();
    }

    /** Waiting settings from this page, with the step's timeout if it gives one. */
    public WatchOptions watchOptions(Duration timeout) {
        Duration first = Duration.ofSeconds(firstPollSeconds);
        Duration max = Duration.ofSeconds(Math.max(firstPollSeconds, maxPollSeconds));
        return WatchOptions.DEFAULT.withPollIntervals(first, max)
                .withTimeout(timeout != null ? timeout : Duration.ofMinutes(timeoutMinutes));
    }

    @POST
    public FormValidation doCheckDefaultServer(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        String name = Util.fixEmptyAndTrim(value);
        return name == null || servers.stream().anyMatch(s -> s.getName().equals(name)) ? FormValidation.ok()
                : FormValidation.warning(Messages.SdeGlobalConfiguration_DefaultNotSaved(name));
    }

    @POST
    public FormValidation doCheckTimeoutMinutes(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return FormValidation.validatePositiveInteger(value);
    }

    @POST
    public FormValidation doCheckFirstPollSeconds(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return FormValidation.validatePositiveInteger(value);
    }

    @POST
    public FormValidation doCheckMaxPollSeconds(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return FormValidation.validatePositiveInteger(value);
    }
}
