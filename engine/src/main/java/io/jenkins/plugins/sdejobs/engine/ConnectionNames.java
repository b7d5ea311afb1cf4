package io.jenkins.plugins.sdejobs.engine;

import java.util.List;
import java.util.OptionalLong;

/**
 * A connection named as people know it: by id ({@code 12}) or by alias ({@code Jira Cloud}), resolved as
 * {@link Names} resolves names: exact first, then case-insensitive and unique; the errors say how to fix it.
 */
public final class ConnectionNames {
    private ConnectionNames() {
    }

    /** The id that {@code text} gives outright, if it is one: digits, a positive number. */
    public static OptionalLong id(String text) { return Names.id(text, "connection"); }

    /** The one connection among {@code all} whose alias is {@code alias}. */
    public static Connection resolve(JobKind kind, String alias, List<Connection> all) {
        return Names.resolve(new Names.Thing(kind + " connection", kind + " connections", "the connection's id", "with an alias"),
                alias, all, Connection::alias, Connection::id);
    }
}
