package io.jenkins.plugins.sdejobs.engine;

import org.jspecify.annotations.Nullable;

/**
 * An SD Elements user as a job or {@code users/me} names it. Servers send an e-mail, a numeric id or an
 * object, so any part may be null.
 */
public record User(@Nullable Long id, @Nullable String email, @Nullable String name) {
    /** The best single label: e-mail, else name, else {@code #id}. */
    public String display() {
        if (email != null && !email.isEmpty()) {
            return email;
        }
        if (name != null && !name.isEmpty()) {
            return name;
        }
        return id == null ? "unknown user" : "#" + id;
    }
}
