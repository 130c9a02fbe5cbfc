package dev.openproxy.numberpool.phonenumbers.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Reserves or unreserves a pool number (UpdatePhoneNumber's {@code IsReserved}). */
public record ChangeReservationCommand(
        @TargetAggregateIdentifier String phoneNumberSid,
        String serviceSid,
        String accountSid,
        boolean reserved,
        Instant now) {
}
