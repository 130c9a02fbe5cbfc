package dev.openproxy.session.services.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

public record DeleteServiceCommand(
        @TargetAggregateIdentifier String serviceSid,
        String accountSid,
        Instant now) {
}
