package dev.openproxy.session.services.api;

import dev.openproxy.contracts.events.service.ServiceSettings;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

public record CreateServiceCommand(
        @TargetAggregateIdentifier String serviceSid,
        String accountSid,
        ServiceSettings settings,
        Instant now) {
}
