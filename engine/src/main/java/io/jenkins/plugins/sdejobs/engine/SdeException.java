package io.jenkins.plugins.sdejobs.engine;

import java.time.Duration;
import java.util.Map;

/**
 * Why a call to SD Elements failed: one subtype per cause, each with a message written for the person who has
 * to fix it. Messages carry the server's {@code detail} and never the token.
 */
public abstract class SdeException extends RuntimeException {
    private final int status;

    SdeException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status, or 0 when no answer came. */
    public int status() { return status; }

    /** 401 or 403: the token is wrong, expired, or its user lacks the permission. */
    public static final class AccessDenied extends SdeException {
        AccessDenied(int status, String message) { super(status, message, null); }
    }

    /** 404: no such job, connection or endpoint. */
    public static final class NotFound extends SdeException {
        NotFound(String message) { super(404, message, null); }
    }

    /** 400 and other refusals of what was sent; {@link #fieldErrors()} holds the server's per-field messages. */
    public static final class Rejected extends SdeException {
        private final Map<String, String> fieldErrors;

        Rejected(int status, String message, Map<String, String> fieldErrors) {
            super(status, message, null);
            this.fieldErrors = Map.copyOf(fieldErrors);
        }

        public Map<String, String> fieldErrors() { return fieldErrors; }
    }

    /** 429: too many requests; {@link #retryAfter()} is how long the server asked us to wait. */
    public static final class RateLimited extends SdeException {
        private final Duration retryAfter;

        RateLimited(String message, Duration retryAfter) {
            super(429, message, null);
            this.retryAfter = retryAfter;
        }

        /** Null when the server did not say. */
        public Duration retryAfter() { return retryAfter; }
    }

    /** 5xx: the server (or a proxy in front of it) failed. */
    public static final class ServerError extends SdeException {
        ServerError(int status, String message) { super(status, message, null); }
    }

    /** An HTML page, a redirect or other non-JSON answer: usually a wrong base URL or an SSO login page. */
    public static final class NotJson extends SdeException {
        NotJson(int status, String message) { super(status, message, null); }
    }

    /** JSON that doesn't parse, or that isn't the shape the API documents. */
    public static final class MalformedJson extends SdeException {
        MalformedJson(int status, String message) { super(status, message, null); }
    }

    /** No answer: the connection failed or broke. {@link #requestSent()} is false when the server never saw it. */
    public static final class NetworkError extends SdeException {
        private final boolean requestSent;

        NetworkError(String message, boolean requestSent) {
            super(0, message, null);
            this.requestSent = requestSent;
        }

        public boolean requestSent() { return requestSent; }
    }

    /** One request got no answer within its timeout (the server may still have acted on it). */
    public static final class RequestTimeout extends SdeException {
        RequestTimeout(String message) { super(0, message, null); }
    }

    /** A wait ran past its deadline; the job itself keeps running on the server. */
    public static final class WaitTimeout extends SdeException {
        private final long jobId;

        WaitTimeout(String message, long jobId) {
            super(0, message, null);
            this.jobId = jobId;
        }

        public long jobId() { return jobId; }
    }
}
