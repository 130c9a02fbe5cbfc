package dev.openproxy.session.services.query;

import dev.openproxy.contracts.events.service.ServiceCreatedEvent;
import dev.openproxy.contracts.events.service.ServiceDeletedEvent;
import dev.openproxy.contracts.events.service.ServiceUpdatedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps the {@code services} table. Runs in the command's transaction (subscribing), so a duplicate UniqueName
 * fails the command through the table's unique index, race-free.
 */
@Component
@ProcessingGroup("service-directory")
public class ServiceDirectoryProjection {

    private final ServiceRepository services;
    private final JdbcTemplate jdbc;

    public ServiceDirectoryProjection(ServiceRepository services, JdbcTemplate jdbc) {
        this.services = services;
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(ServiceCreatedEvent event) {
        services.insert(event.serviceSid(), event.accountSid(), event.settings(), event.createdAt());
    }

    @EventHandler
    void on(ServiceUpdatedEvent event) {
        services.update(event.serviceSid(), event.settings(), event.updatedAt());
    }

    @EventHandler
    void on(ServiceDeletedEvent event) {
        services.delete(event.serviceSid());
    }

    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM services");
    }
}
