package dev.openproxy.session.sessions.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

public record DeleteSessionCommand(
        @TargetAggregateIdentifier String sessionSid,
        String accountSid,
        Instant now) {
}
