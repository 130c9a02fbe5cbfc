package dev.openproxy.contracts.events.phonenumber;

import java.time.Instant;

/**
 * A proxy number joined a Service's pool. Proxy numbers belong to the operator, not to a person.
 *
 * @param phoneNumber E.164, e.g. +14155550100
 * @param isoCountry  ISO 3166-1 alpha-2 country of the number, derived from it
 */
public record PhoneNumberAddedEvent(
        String phoneNumberSid,
        String serviceSid,
        String accountSid,
        String phoneNumber,
        String friendlyName,
        String isoCountry,
        NumberCapabilities capabilities,
        boolean reserved,
        Instant addedAt) {
}
