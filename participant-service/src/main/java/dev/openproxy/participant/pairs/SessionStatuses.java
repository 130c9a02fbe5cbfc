package dev.openproxy.participant.pairs;

/** Twilio's session statuses as they arrive on openproxy.sessions.v1; pairs are active only in open and in-progress. */
public final class SessionStatuses {
    public static final String OPEN = "open";
    public static final String IN_PROGRESS = "in-progress";
    public static final String CLOSED = "closed";

    private SessionStatuses() {
    }

    public static boolean isActive(String status) {
        return OPEN.equals(status) || IN_PROGRESS.equals(status);
    }
}
