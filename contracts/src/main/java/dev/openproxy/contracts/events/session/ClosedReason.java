package dev.openproxy.contracts.events.session;

/**
 * Values of a session's {@code closed_reason}. Twilio documents none (the spec types it as a free string),
 * so these are ours; see docs/events.md.
 */
public final class ClosedReason {
    /** Closed by a status update from the API. */
    public static final String API = "api";
    /** No interaction for Ttl seconds (Twilio warning 80904). */
    public static final String TTL = "ttl";
    /** DateExpiry was reached (Twilio warning 80904). */
    public static final String DATE_EXPIRY = "date-expiry";

    private ClosedReason() {
    }
}
