package dev.openproxy.routing.interaction;

import dev.openproxy.contracts.events.interaction.InboundOutOfSessionEvent;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * An inbound message or call that met no open session: one aggregate per carrier resource SID, so a retried webhook
 * records nothing twice. Its one event is the integration event downstream consumers see.
 */
@Aggregate
public class OutOfSessionContact {

    @AggregateIdentifier
    private String contactId;

    protected OutOfSessionContact() {
    }

    public static String idOf(String resourceSid) {
        return "out-of-session:" + resourceSid;
    }

    @CommandHandler
    public OutOfSessionContact(RecordOutOfSessionCommand command) {
        apply(new InboundOutOfSessionEvent(command.resourceSid(), command.resourceType(), command.serviceSid(),
                command.accountSid(), command.previousSessionSid(), command.outcome(), command.errorCode(),
                command.createdSessionSid(), command.receivedAt()));
    }

    @EventSourcingHandler
    void on(InboundOutOfSessionEvent event) {
        contactId = idOf(event.resourceSid());
    }
}
