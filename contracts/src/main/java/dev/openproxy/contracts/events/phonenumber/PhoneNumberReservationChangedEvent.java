package dev.openproxy.contracts.events.phonenumber;

import java.time.Instant;

/** A pool number became reserved (only assigned when asked for explicitly) or unreserved. */
public record PhoneNumberReservationChangedEvent(
        String phoneNumberSid,
        String serviceSid,
        String accountSid,
        boolean reserved,
        Instant changedAt) {
}
