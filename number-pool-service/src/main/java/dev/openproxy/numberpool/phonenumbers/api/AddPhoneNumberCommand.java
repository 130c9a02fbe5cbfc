package dev.openproxy.numberpool.phonenumbers.api;

import dev.openproxy.contracts.events.phonenumber.NumberCapabilities;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Adds a (validated, E.164) number to a Service's pool, as a new pool entry or as a removed one coming back. */
public record AddPhoneNumberCommand(
        @TargetAggregateIdentifier String phoneNumberSid,
        String serviceSid,
        String accountSid,
        ProxyNumber number,
        String friendlyName,
        NumberCapabilities capabilities,
        boolean reserved,
        Instant now) {
}
