package dev.openproxy.routing.webhook;

import dev.openproxy.contracts.events.interaction.InteractionCreatedEvent;
import dev.openproxy.contracts.events.interaction.InteractionLegStatusChangedEvent;
import dev.openproxy.routing.carrier.CarrierProperties;
import dev.openproxy.routing.directory.KnownService;
import dev.openproxy.routing.directory.ServiceDirectory;
import dev.openproxy.routing.interaction.Interaction;
import dev.openproxy.routing.interaction.InteractionRepository;
import dev.openproxy.routing.interaction.InteractionRow;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * The Service's CallbackUrl, "fired for each new interaction and ... informational only": once per Interaction, when
 * its outbound leg exists. A call's outbound leg is the dial in the TwiML answer, so at creation; a message's is the
 * carrier's first answer (accepted, with its SM SID, or failed for good). A tracking processor of its own
 * ({@link #PROCESSING_GROUP}) sends them after the commit, survives restarts, and runs on one replica at a time.
 * Delivery is attempted once, as Twilio's: a failure is logged and counted, never retried or blocking.
 */
@Component
@ProcessingGroup(InteractionCallbacks.PROCESSING_GROUP)
public class InteractionCallbacks {

    public static final String PROCESSING_GROUP = "service-callbacks";
    private static final Logger log = LoggerFactory.getLogger(InteractionCallbacks.class);

    private final InteractionRepository interactions;
    private final ServiceDirectory services;
    private final ServiceWebhookClient client;
    private final CarrierProperties carrier;

    public InteractionCallbacks(InteractionRepository interactions, ServiceDirectory services,
                                ServiceWebhookClient client, CarrierProperties carrier) {
        this.interactions = interactions;
        this.services = services;
        this.client = client;
        this.carrier = carrier;
    }

    @EventHandler
    void on(InteractionCreatedEvent event) {
        if (Interaction.VOICE.equals(event.type())) {
            notify(event.interactionSid(), event.serviceSid());
        }
    }

    @EventHandler
    void on(InteractionLegStatusChangedEvent event) {
        // attempts > 0: the outbox's carrier call ended. Later status callbacks (delivered, ...) are not new interactions.
        if (Interaction.OUTBOUND.equals(event.leg()) && event.attempts() > 0) {
            notify(event.interactionSid(), event.serviceSid());
        }
    }

    private void notify(String interactionSid, String serviceSid) {
        try {
            Optional<KnownService> service = services.find(serviceSid);
            if (service.isEmpty() || !service.get().hasCallback()) {
                return;
            }
            Optional<InteractionRow> row = interactions.findLive(interactionSid);
            if (row.isEmpty()) {
                return; // deleted meanwhile: nothing to tell
            }
            client.post(ServiceWebhookClient.Kind.CALLBACK, service.get().accountSid(), service.get().callbackUrl(),
                    InteractionParameters.of(row.get(), carrier, true));
        } catch (RuntimeException e) {
            // Informational only: an unreadable projection must not stall the processor behind it.
            log.warn("CallbackUrl of interaction {} not sent: {}", interactionSid, e.toString());
        }
    }
}
