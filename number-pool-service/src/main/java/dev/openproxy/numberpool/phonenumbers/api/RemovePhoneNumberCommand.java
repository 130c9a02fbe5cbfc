package dev.openproxy.numberpool.phonenumbers.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Takes a number out of its Service's pool (DeletePhoneNumber, or the Service was deleted). */
public record RemovePhoneNumberCommand(
        @TargetAggregateIdentifier String phoneNumberSid,
        String serviceSid,
        String accountSid,
        Instant now) {
}
