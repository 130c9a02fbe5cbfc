package dev.openproxy.session.services.query;

import dev.openproxy.contracts.events.service.ServiceSettings;

import java.time.Instant;

/** One row of the {@code services} read model. */
public record ServiceRow(
        String sid,
        String accountSid,
        ServiceSettings settings,
        Instant dateCreated,
        Instant dateUpdated) {
}
