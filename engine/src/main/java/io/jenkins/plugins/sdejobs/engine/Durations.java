package io.jenkins.plugins.sdejobs.engine;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads and writes durations the way users write them: {@code 90s}, {@code 5m}, {@code 1h}, {@code PT5M}, or seconds. */
public final class Durations {
    private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");

    private Durations() {
    }

    /** Parses a positive duration; the error names the text and the accepted forms. */
    public static Duration parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        Duration d = null;
        Matcher m = SHORT.matcher(t);
        try {
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                String unit = m.group(2) == null ? "s" : m.group(2);
                d = switch (unit) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            } else if (t.startsWith("p") || t.startsWith("-p")) {
                d = Duration.parse(t.toUpperCase(Locale.ROOT));
            }
        } catch (ArithmeticException | NumberFormatException | DateTimeParseException e) {
            d = null;
        }
        if (d == null) {
            throw new IllegalArgumentException("Invalid duration '" + text + "': use 90s, 5m, 1h, PT5M, or a number of seconds");
        }
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException("Invalid duration '" + text + "': it must be more than zero");
        }
        return d;
    }

    /** e.g. {@code 1h 2m 3s}, {@code 4.2s}, {@code 350ms}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + "ms";
        }
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
        }
        long s = d.toSeconds();
        StringBuilder sb = new StringBuilder();
        if (s >= 3600) {
            sb.append(s / 3600).append("h ");
        }
        if (s >= 60) {
            sb.append(s / 60 % 60).append("m ");
        }
        return sb.append(s % 60).append('s').toString();
    }
}
