package io.jenkins.plugins.sdejobs.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * One Jenkins for the suite, on its own home and loopback port, started through the {@link JenkinsLauncher}.
 * Restartable on the same home. Without a security realm everyone is an administrator; after
 * {@link #enableSecurity} the admin's requests carry the admin's password.
 */
final class JenkinsInstance implements AutoCloseable {
    private JenkinsLauncher launcher;
    private final Path home;
    private final int port;
    private final List<String> javaOptions;
    private String adminUser;
    private String adminPassword;
    private JenkinsHttp admin;
    private boolean running;

    private JenkinsInstance(JenkinsLauncher launcher, Path home, int port, List<String> javaOptions) {
        this.launcher = launcher;
        this.home = home;
        this.port = port;
        this.javaOptions = javaOptions;
    }

    /** Starts a Jenkins on a fresh home named {@code name} under the work folder. */
    static JenkinsInstance start(String name, List<String> javaOptions) {
        return start(name, javaOptions, JenkinsLauncher.fromEnvironment());
    }

    /** The same with {@code launcher}, e.g. one that installs another build of the plugin. */
    static JenkinsInstance start(String name, List<String> javaOptions, JenkinsLauncher launcher) {
        Path home = E2eSettings.workDir().resolve(name);
        deleteRecursively(home);
        JenkinsInstance j = new JenkinsInstance(launcher, home, freePort(), javaOptions);
        j.start();
        return j;
    }

    /** A graceful stop, then a start on the same home with the plugin under test in place of the one installed. */
    void upgrade() {
        stop();
        launcher = JenkinsLauncher.fromEnvironment();
        start();
    }

    void start() {
        try {
            Files.createDirectories(home);
            launcher.start(home, port, javaOptions);
            running = true;
            admin = null; // a new session: a new cookie jar and crumb
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    void stop() {
        if (!running) {
            return;
        }
        try {
            launcher.stop(home);
            running = false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A graceful stop and a start on the same home. */
    void restart() {
        stop();
        start();
    }

    @Override
    public void close() { stop(); }

    String url() { return "http://127.0.0.1:" + port + "/jenkins/"; }

    Path home() { return home; }

    /** The administrator (anyone, while no security realm is on). */
    JenkinsHttp admin() {
        if (admin == null) {
            admin = new JenkinsHttp(url(), adminUser, adminPassword);
        }
        return admin;
    }

    JenkinsHttp anonymous() { return new JenkinsHttp(url(), null, null); }

    /**
     * Jenkins' own user database with an administrator, "logged-in users can do anything", read-only
     * anonymous access, and CSRF protection. Setup, not under test: done in the script console.
     */
    void enableSecurity(String user, String password) {
        admin().script("""
                import hudson.security.*
                import hudson.security.csrf.DefaultCrumbIssuer
                def j = jenkins.model.Jenkins.get()
                def realm = new HudsonPrivateSecurityRealm(false, false, null)
                realm.createAccount('%s', '%s')
                j.securityRealm = realm
                def authz = new FullControlOnceLoggedInAuthorizationStrategy()
                authz.allowAnonymousRead = true
                j.authorizationStrategy = authz
                j.crumbIssuer = new DefaultCrumbIssuer(true)
                j.save()
                println 'ok'
                """.formatted(user, password));
        adminUser = user;
        adminPassword = password;
        admin = null;
    }

    /** Jenkins' own log, for checks on what it says about the plugin. */
    String log() {
        try {
            return Files.readString(home.resolve("jenkins.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
