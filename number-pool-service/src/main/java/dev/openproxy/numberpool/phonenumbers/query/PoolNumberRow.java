package dev.openproxy.numberpool.phonenumbers.query;

import dev.openproxy.contracts.events.phonenumber.NumberCapabilities;

import java.time.Instant;

/** One row of the {@code pool_numbers} read model. */
public record PoolNumberRow(
        String sid,
        String accountSid,
        String serviceSid,
        String phoneNumber,
        String friendlyName,
        String isoCountry,
        NumberCapabilities capabilities,
        boolean reserved,
        int inUse,
        int activeParticipants,
        Instant dateCreated,
        Instant dateUpdated) {
}
