package dev.openproxy.participant.assignment;

/**
 * A pool number as automatic selection sees it.
 *
 * @param activeParticipants participants of active sessions using it now: the load selection spreads
 */
public record Candidate(String sid, String phoneNumber, Location location, boolean sms, boolean voice,
                        boolean reserved, int activeParticipants) {
}
