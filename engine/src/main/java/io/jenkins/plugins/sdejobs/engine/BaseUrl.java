package io.jenkins.plugins.sdejobs.engine;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** Normalises what a user types as the server URL to the API root, {@code https://host[/prefix]/api/v2/}. */
public final class BaseUrl {
    private BaseUrl() {
    }

    /**
     * The API root for {@code url}; an {@link IllegalArgumentException} whose message names what is wrong when it
     * is not an SD Elements URL. Forms check with this, so they accept exactly what clients do.
     */
    public static URI apiRoot(String url) {
        String u = url == null ? "" : url.strip();
        if (u.isEmpty()) {
            throw new IllegalArgumentException("The SD Elements URL is empty");
        }
        URI uri;
        try {
            uri = new URI(u);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("The SD Elements URL '" + u + "' is not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new IllegalArgumentException("The SD Elements URL '" + u + "' must start with https:// (or http://)");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("The SD Elements URL '" + u + "' has no host name");
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("The SD Elements URL '" + uri.getHost()
                    + "...' must not contain a user, a query or a fragment");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        path = path.replaceAll("/{2,}", "/").replaceAll("/$", "");
        if (path.endsWith("/api/v2")) {
            path = path.substring(0, path.length() - "/api/v2".length());
        }
        return URI.create(scheme + "://" + uri.getRawAuthority() + path + "/api/v2/");
    }
}
