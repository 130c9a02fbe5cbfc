package dev.openproxy.contracts.events.service;

import java.time.Instant;

/** A Service was deleted; its sessions are gone with it. */
public record ServiceDeletedEvent(
        String serviceSid,
        String accountSid,
        Instant deletedAt) {
}
