package io.jenkins.plugins.sdejobs.engine;

import org.jspecify.annotations.Nullable;

/**
 * An SD Elements user as a job or {@code users/me} names it. Servers send an e-mail, a numeric id or an
 * object, so any part may be null.
 */
public record User(@Nullable Long id, @Nullable String email, @Nullable String name) {
    /**
     * Whether {@code other} is surely the same person: the same e-mail (ignoring case), or, when either lacks one,
     * the same id. Current servers' {@code users/me/} has no id, and their jobs name people by e-mail.
     */
    public boolean sameAs(@Nullable User other) {
        if (other == null) {
            return false;
        }
        if (email != null && !email.isEmpty() && other.email != null && !other.email.isEmpty()) {
            return email.equalsIgnoreCase(other.email);
        }
        return id != null && id.equals(other.id);
    }

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
