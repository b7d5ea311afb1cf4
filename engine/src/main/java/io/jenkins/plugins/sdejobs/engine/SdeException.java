package io.jenkins.plugins.sdejobs.engine;

import java.time.Duration;
import java.util.Map;

/**
 * Why a call to SD Elements failed: one subtype per cause, each with a message written for the person who has
 * to fix it. Messages carry the server's {@code detail} and never the token. The hierarchy is sealed, and the
 * two questions every caller asks have one answer each, here: {@link #isTransient()} (worth trying again: retries,
 * waits and the CLI's exit codes all use it) and {@link #outcomeUnknown()} (a POST may have acted).
 */
public abstract sealed class SdeException extends RuntimeException
        permits SdeException.AccessDenied, SdeException.NotFound, SdeException.Rejected, SdeException.RateLimited,
                SdeException.ServerError, SdeException.NotJson, SdeException.MalformedJson, SdeException.NetworkError,
                SdeException.RequestTimeout, SdeException.WaitTimeout, SdeException.Unconfirmed,
                SdeException.NameUnresolved {
    private final int status;

    SdeException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status, or 0 when no answer came. */
    public int status() { return status; }

    /** Whether the same request may well succeed a little later: no answer, a timeout, 429, 500 or 502-504. */
    public boolean isTransient() { return false; }

    /**
     * Whether the server may have acted on a request that got this error: it was sent, and what came back (if
     * anything) is no definite refusal. A POST with an unknown outcome must not be repeated, only reconciled.
     */
    public boolean outcomeUnknown() { return false; }

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

        @Override
        public boolean isTransient() { return true; }
    }

    /**
     * 5xx: the server, or a gateway in front of it, failed. A gateway may answer 502-504 after the application
     * has acted, so the outcome of a POST is unknown. {@link #retryAfter()} is what a 503 asked for, if anything.
     */
    public static final class ServerError extends SdeException {
        private final Duration retryAfter;

        ServerError(int status, String message, Duration retryAfter) {
            super(status, message, null);
            this.retryAfter = retryAfter;
        }

        /** Null when the server did not say. */
        public Duration retryAfter() { return retryAfter; }

        @Override
        public boolean isTransient() { return status() == 500 || (status() >= 502 && status() <= 504); }

        @Override
        public boolean outcomeUnknown() { return true; }
    }

    /** An HTML page, a redirect or other non-JSON answer: usually a wrong base URL or an SSO login page. */
    public static final class NotJson extends SdeException {
        NotJson(int status, String message) { super(status, message, null); }

        /** A 2xx answer that is not JSON came after the server took the request. */
        @Override
        public boolean outcomeUnknown() { return status() >= 200 && status() < 300; }
    }

    /** JSON that doesn't parse, or that isn't the shape the API documents. */
    public static final class MalformedJson extends SdeException {
        MalformedJson(int status, String message) { super(status, message, null); }

        @Override
        public boolean outcomeUnknown() { return status() >= 200 && status() < 300; }
    }

    /** No answer: the connection failed or broke. {@link #requestSent()} is false when the server never saw it. */
    public static final class NetworkError extends SdeException {
        private final boolean requestSent;

        NetworkError(String message, boolean requestSent) {
            super(0, message, null);
            this.requestSent = requestSent;
        }

        public boolean requestSent() { return requestSent; }

        @Override
        public boolean isTransient() { return true; }

        @Override
        public boolean outcomeUnknown() { return requestSent; }
    }

    /** One request got no answer within its timeout (the server may still have acted on it). */
    public static final class RequestTimeout extends SdeException {
        private final boolean requestSent;

        RequestTimeout(String message, boolean requestSent) {
            super(0, message, null);
            this.requestSent = requestSent;
        }

        @Override
        public boolean isTransient() { return true; }

        @Override
        public boolean outcomeUnknown() { return requestSent; }
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

    /**
     * A name (a connection's alias) that matches no object the token's user can see, or several. Raised before
     * anything that acts is sent.
     */
    public static final class NameUnresolved extends SdeException {
        NameUnresolved(String message) { super(0, message, null); }
    }

    /**
     * A POST failed after it may have acted, and looking for what it created found nothing certain: the job may
     * or may not exist. Never repeated automatically, since that could start a second job.
     */
    public static final class Unconfirmed extends SdeException {
        private final Reason reason;

        Unconfirmed(String message, SdeException cause, Reason reason) {
            super(cause == null ? 0 : cause.status(), message, cause);
            this.reason = reason;
        }

        /** Why the job that the POST may have created could not be found. */
        public Reason reason() { return reason; }

        /** Why no job could be adopted. */
        public sealed interface Reason {
            /** The connection's pending jobs were not read before the POST: any pending job could be an older one. */
            record NoSnapshot() implements Reason {
            }

            /** Looking for the job failed too, with {@code message}. */
            record LookupFailed(String message) implements Reason {
            }

            /** None of the user's pending jobs on the connection is newer than the snapshot. */
            record NoneNew() implements Reason {
            }

            /** Several are: any of them could be the one. */
            record SeveralNew(java.util.List<Long> ids) implements Reason {
                public SeveralNew {
                    ids = java.util.List.copyOf(ids);
                }
            }
        }
    }
}
