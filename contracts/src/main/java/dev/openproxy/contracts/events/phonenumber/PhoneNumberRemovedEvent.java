package dev.openproxy.contracts.events.phonenumber;

import java.time.Instant;

/** A number left its Service's pool (deleted through the API, or with its Service). */
public record PhoneNumberRemovedEvent(
        String phoneNumberSid,
        String serviceSid,
        String accountSid,
        String phoneNumber,
        Instant removedAt) {
}
