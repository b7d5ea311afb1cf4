package io.jenkins.plugins.sdejobs.engine;

import java.util.List;
import java.util.OptionalLong;

/**
 * A connection named as people know it: by id ({@code 12}) or by alias ({@code Jira Cloud}). An alias matches
 * exactly first, then case-insensitively, and must then name one connection; the error for none lists what the
 * token can see, the error for several names their ids, so that one line says how to fix it.
 */
public final class ConnectionNames {
    /** How many aliases the error for an unknown one lists. */
    private static final int LISTED = 10;

    private ConnectionNames() {
    }

    /** The id that {@code text} gives outright, if it is one: digits, a positive number. */
    public static OptionalLong id(String text) {
        String t = text.strip();
        if (!t.matches("[+-]?\\d+")) {
            return OptionalLong.empty();
        }
        long id;
        try {
            id = Long.parseLong(t);
        } catch (NumberFormatException tooLong) {
            throw new IllegalArgumentException("'" + t + "' is not a valid connection id: it is too large");
        }
        if (id <= 0) {
            throw new IllegalArgumentException("'" + t + "' is not a valid connection id: ids are positive numbers");
        }
        return OptionalLong.of(id);
    }

    /** The one connection among {@code all} whose alias is {@code alias}. */
    public static Connection resolve(JobKind kind, String alias, List<Connection> all) {
        String wanted = alias.strip();
        List<Connection> exact = all.stream().filter(c -> wanted.equals(c.alias())).toList();
        List<Connection> matches = !exact.isEmpty() ? exact
                : all.stream().filter(c -> c.alias() != null && c.alias().strip().equalsIgnoreCase(wanted)).toList();
        if (matches.size() == 1) {
            return matches.get(0);
        }
        if (matches.size() > 1) {
            throw new SdeException.NameUnresolved("'" + wanted + "' names " + matches.size() + " " + kind + " connections ("
                    + String.join(", ", matches.stream().map(c -> "#" + c.id()).toList())
                    + "): give the connection's id instead.");
        }
        List<String> aliases = all.stream().map(Connection::alias).filter(a -> a != null && !a.isBlank()).sorted(
                String.CASE_INSENSITIVE_ORDER).toList();
        String seen = aliases.isEmpty() ? "it sees no " + kind + " connection with an alias"
                : "it sees " + String.join(", ", aliases.stream().limit(LISTED).map(a -> "'" + a + "'").toList())
                        + (aliases.size() > LISTED ? " and " + (aliases.size() - LISTED) + " more" : "");
        throw new SdeException.NameUnresolved("No " + kind + " connection that this token's user can see is named '"
                + wanted + "' (" + seen + "): give one of those names, or the connection's id.");
    }
}
