package dev.openproxy.session.services.command;

import dev.openproxy.contracts.events.service.ServiceCreatedEvent;
import dev.openproxy.contracts.events.service.ServiceDeletedEvent;
import dev.openproxy.contracts.events.service.ServiceSettings;
import dev.openproxy.contracts.events.service.ServiceUpdatedEvent;
import dev.openproxy.session.services.api.CreateServiceCommand;
import dev.openproxy.session.services.api.DeleteServiceCommand;
import dev.openproxy.session.services.api.UpdateServiceCommand;
import dev.openproxy.support.web.TwilioApiException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.markDeleted;

/**
 * A Twilio Proxy Service (KS...). Named ProxyService to keep it apart from "service" in the Spring sense.
 * Unique names are checked by the directory projection's unique index, in the same transaction.
 */
@Aggregate
public class ProxyServiceAggregate {

    @AggregateIdentifier
    private String serviceSid;
    private String accountSid;
    private ServiceSettings settings;

    protected ProxyServiceAggregate() {
        // for Axon's event sourcing
    }

    @CommandHandler
    public ProxyServiceAggregate(CreateServiceCommand command) {
        apply(new ServiceCreatedEvent(command.serviceSid(), command.accountSid(), command.settings(), command.now()));
    }

    @CommandHandler
    public void handle(UpdateServiceCommand command) {
        requireOwner(command.accountSid());
        ServiceSettings updated = command.patch().applyTo(settings);
        if (updated.equals(settings)) {
            return; // nothing changed: no event, date_updated stays
        }
        apply(new ServiceUpdatedEvent(serviceSid, accountSid, updated, command.now()));
    }

    @CommandHandler
    public void handle(DeleteServiceCommand command) {
        requireOwner(command.accountSid());
        apply(new ServiceDeletedEvent(serviceSid, accountSid, command.now()));
    }

    /** Another account's Service is indistinguishable from a missing one (20404). */
    private void requireOwner(String callerAccountSid) {
        if (!accountSid.equals(callerAccountSid)) {
            throw TwilioApiException.notFound("/Services/" + serviceSid);
        }
    }

    @EventSourcingHandler
    void on(ServiceCreatedEvent event) {
        serviceSid = event.serviceSid();
        accountSid = event.accountSid();
        settings = event.settings();
    }

    @EventSourcingHandler
    void on(ServiceUpdatedEvent event) {
        settings = event.settings();
    }

    @EventSourcingHandler
    void on(ServiceDeletedEvent event) {
        markDeleted();
    }
}
