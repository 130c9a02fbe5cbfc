package dev.openproxy.session.services.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Changes some of a Service's settings; the aggregate merges them into the current ones, so concurrent updates of different fields both stick. */
public record UpdateServiceCommand(
        @TargetAggregateIdentifier String serviceSid,
        String accountSid,
        ServiceSettingsPatch patch,
        Instant now) {
}
