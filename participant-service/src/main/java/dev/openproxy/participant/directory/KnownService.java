package dev.openproxy.participant.directory;

/** What participant-service knows of a Service: owner and the two settings number selection reads. */
public record KnownService(String sid, String accountSid, String geoMatchLevel, String numberSelectionBehavior) {
}
