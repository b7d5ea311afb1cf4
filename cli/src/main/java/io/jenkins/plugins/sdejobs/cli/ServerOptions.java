package io.jenkins.plugins.sdejobs.cli;

import io.jenkins.plugins.sdejobs.engine.ApiToken;
import io.jenkins.plugins.sdejobs.engine.SdeClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * Where the server is and how to authenticate. The token comes from {@code SDE_TOKEN} or a file, never from
 * a flag: command lines show up in process lists.
 */
final class ServerOptions {
    @Option(names = "--url", paramLabel = "URL", description = "SD Elements base URL, e.g. https://sde.example.com "
            + "(default: $SDE_URL, now ${env:SDE_URL:-unset})")
    String url;

    @Option(names = "--token-file", paramLabel = "FILE", description = "File holding the API token (default: $SDE_TOKEN)")
    Path tokenFile;

    /** Builds a client, or fails with a usage error before anything is sent. */
    SdeClient client(Context ctx) {
        String u = url; // --url, else SDE_URL (EnvDefaults)
        if (u == null || u.isBlank()) {
            throw CliError.usage("No server URL: pass --url URL or set SDE_URL");
        }
        SdeClient client;
        try {
            client = SdeClient.builder(u, ApiToken.of(token(ctx))).retryPolicy(ctx.retry()).callListener(new CallLog(ctx.err()))
                    .build();
        } catch (IllegalArgumentException e) {
            throw CliError.usage(e.getMessage());
        }
        String host = client.apiRoot().getHost();
        if ("http".equals(client.apiRoot().getScheme()) && !LOOPBACK.matcher(host).matches()) {
            ctx.err().println("sde-jobs: warning: the API token goes to " + host + " unencrypted (http://); use https://");
        }
        return client;
    }

    private static final Pattern LOOPBACK = Pattern.compile("localhost|127(\\.\\d{1,3}){3}|\\[::1\\]");

    private String token(Context ctx) {
        if (tokenFile != null) {
            try {
                String t = Files.readString(tokenFile).strip();
                if (t.isEmpty()) {
                    throw CliError.usage("The token file " + tokenFile + " is empty");
                }
                return t;
            } catch (NoSuchFileException e) {
                throw CliError.usage("The token file " + tokenFile + " does not exist");
            } catch (IOException e) {
                throw CliError.usage("Cannot read the token file " + tokenFile + ": " + e.getClass().getSimpleName());
            }
        }
        String t = ctx.env().get("SDE_TOKEN");
        if (t == null || t.isBlank()) {
            throw CliError.usage("No API token: set SDE_TOKEN or pass --token-file FILE");
        }
        return t;
    }
}
