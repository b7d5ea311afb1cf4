package io.jenkins.plugins.sdejobs.engine;

import java.util.List;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Things named as people know them, by id ({@code 12}) or by name: an exact match first, then a unique
 * case-insensitive one. The error for none lists up to ten names the token can see, the error for several names
 * their ids, so that one line says how to fix it. Connections ({@link ConnectionNames}) and projects use it.
 */
final class Names {
    /** How many names the error for an unknown one lists. */
    private static final int LISTED = 10;

    /** What is named: "alm connection"/"alm connections", "the connection's id", and "with an alias". */
    record Thing(String one, String many, String idOf, String withName) {
    }

    private Names() {
    }

    /** The id that {@code text} gives outright, if it is one: digits, a positive number. */
    static OptionalLong id(String text, String what) {
        String t = text.strip();
        if (!t.matches("[+-]?\\d+")) {
            return OptionalLong.empty();
        }
        long id;
        try {
            id = Long.parseLong(t);
        } catch (NumberFormatException tooLong) {
            throw new IllegalArgumentException("'" + t + "' is not a valid " + what + " id: it is too large");
        }
        if (id <= 0) {
            throw new IllegalArgumentException("'" + t + "' is not a valid " + what + " id: ids are positive numbers");
        }
        return OptionalLong.of(id);
    }

    /** The one of {@code all} that {@code wanted} names. */
    static <T> T resolve(Thing thing, String wanted, List<T> all, Function<T, String> name, ToLongFunction<T> id) {
        String w = wanted.strip();
        List<T> exact = all.stream().filter(t -> w.equals(name.apply(t))).toList();
        List<T> matches = !exact.isEmpty() ? exact
                : all.stream().filter(t -> name.apply(t) != null && name.apply(t).strip().equalsIgnoreCase(w)).toList();
        if (matches.size() == 1) {
            return matches.get(0);
        }
        if (matches.size() > 1) {
            throw new SdeException.NameUnresolved("'" + w + "' names " + matches.size() + " " + thing.many() + " ("
                    + String.join(", ", matches.stream().map(t -> "#" + id.applyAsLong(t)).toList())
                    + "): give " + thing.idOf() + " instead.");
        }
        List<String> names = all.stream().map(name).filter(n -> n != null && !n.isBlank()).sorted(String.CASE_INSENSITIVE_ORDER).toList();
        String seen = names.isEmpty() ? "it sees no " + thing.one() + " " + thing.withName()
                : "it sees " + String.join(", ", names.stream().limit(LISTED).map(n -> "'" + n + "'").toList())
                        + (names.size() > LISTED ? " and " + (names.size() - LISTED) + " more" : "");
        throw new SdeException.NameUnresolved("No " + thing.one() + " that this token's user can see is named '" + w + "' ("
                + seen + "): give one of those names, or " + thing.idOf() + ".");
    }
}
