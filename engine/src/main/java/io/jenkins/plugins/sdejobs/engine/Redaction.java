package io.jenkins.plugins.sdejobs.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Removes secrets from connection params as a response is parsed, so that no later code can leak them.
 * A param is secret when its name looks like a password, token, secret or key.
 */
public final class Redaction {
    /** What a redacted value reads as. */
    public static final String REDACTED = "********";
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(pass|pwd|token|secret|key|credential).*");
    /** Shorter values are too likely to occur by chance in a message to be worth scrubbing. */
    private static final int MIN_SCRUB_LENGTH = 4;

    private Redaction() {
    }

    public static boolean isSecretName(String name) {
        return SECRET_NAME.matcher(name).matches();
    }

    /** Params with every secret value replaced; the values found are added to {@code secrets}. */
    static Map<String, Object> redact(Map<String, Object> params, List<String> secrets) {
        Map<String, Object> out = new LinkedHashMap<>();
        params.forEach((k, v) -> out.put(k, redactValue(k, v, secrets)));
        return Collections.unmodifiableMap(out);
    }

    @SuppressWarnings("unchecked")
    private static Object redactValue(String name, Object v, List<String> secrets) {
        if (v instanceof Map) {
            return redact((Map<String, Object>) v, secrets);
        }
        if (isSecretName(name)) {
            collect(v, secrets);
            return v == null ? null : REDACTED;
        }
        if (v instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(e -> out.add(redactValue(name, e, secrets)));
            return Collections.unmodifiableList(out);
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    private static void collect(Object v, List<String> secrets) {
        if (v instanceof Map) {
            ((Map<String, Object>) v).values().forEach(e -> collect(e, secrets));
        } else if (v instanceof List<?> list) {
            list.forEach(e -> collect(e, secrets));
        } else if (v != null && v.toString().length() >= MIN_SCRUB_LENGTH) {
            secrets.add(v.toString());
        }
    }

    /** {@code text} with each of {@code secrets} replaced, for messages that might quote a secret. */
    static String scrub(String text, List<String> secrets) {
        String out = text;
        for (String s : secrets) {
            if (out != null) {
                out = out.replace(s, REDACTED);
            }
        }
        return out;
    }
}
