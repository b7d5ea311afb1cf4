package io.jenkins.plugins.sdejobs.engine;

/**
 * An SD Elements API token. It shows itself nowhere: {@link #toString()} is masked, and {@link #scrub} removes it
 * from any text that might echo it (a server's error detail, an I/O message).
 */
public final class ApiToken {
    static final String MASK = "****";
    private final String value;

    private ApiToken(String value) { this.value = value; }

    /** Checks and wraps a token; the error never repeats the token. */
    public static ApiToken of(String token) {
        String t = token == null ? "" : token.strip();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("The SD Elements API token is empty");
        }
        if (t.regionMatches(true, 0, "Token ", 0, 6)) { // before the space check, which it would trip
            throw new IllegalArgumentException("Give the bare API token, without the 'Token ' prefix");
        }
        if (t.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new IllegalArgumentException(
                    "The SD Elements API token contains spaces or line breaks: give the bare token only");
        }
        return new ApiToken(t);
    }

    String authorization() { return "Token " + value; }

    /** {@code text} with every occurrence of the token masked. */
    public String scrub(String text) {
        return text == null ? null : text.replace(value, MASK);
    }

    @Override
    public String toString() { return "ApiToken[" + MASK + "]"; }
}
