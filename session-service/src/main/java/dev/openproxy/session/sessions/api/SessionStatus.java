package dev.openproxy.session.sessions.api;

import java.util.Set;

/** Twilio's session statuses and modes (spec: session_enum_status, session_enum_mode). */
public final class SessionStatus {
    public static final String OPEN = "open";
    public static final String IN_PROGRESS = "in-progress";
    public static final String CLOSED = "closed";
    public static final String FAILED = "failed";
    public static final String UNKNOWN = "unknown";
    public static final Set<String> ALL = Set.of(OPEN, IN_PROGRESS, CLOSED, FAILED, UNKNOWN);

    public static final Set<String> MODES = Set.of("message-only", "voice-only", "voice-and-message");
    public static final String DEFAULT_MODE = "voice-and-message";

    private SessionStatus() {
    }

    public static boolean isActive(String status) {
        return OPEN.equals(status) || IN_PROGRESS.equals(status);
    }
}
