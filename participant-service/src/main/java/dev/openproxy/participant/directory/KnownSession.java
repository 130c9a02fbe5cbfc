package dev.openproxy.participant.directory;

/** What participant-service knows of a Session: owner, mode (capabilities needed) and status. */
public record KnownSession(String sid, String serviceSid, String accountSid, String mode, String status) {
}
