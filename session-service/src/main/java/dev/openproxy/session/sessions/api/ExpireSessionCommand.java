package dev.openproxy.session.sessions.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Sent by the expiry scheduler; the aggregate decides whether the session is really due, so a stale or repeated request is harmless. */
public record ExpireSessionCommand(
        @TargetAggregateIdentifier String sessionSid,
        Instant now) {
}
