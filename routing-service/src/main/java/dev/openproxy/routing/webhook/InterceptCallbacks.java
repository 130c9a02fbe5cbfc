package dev.openproxy.routing.webhook;

import dev.openproxy.routing.carrier.CarrierProperties;
import dev.openproxy.routing.directory.KnownService;
import dev.openproxy.routing.directory.ServiceDirectory;
import dev.openproxy.routing.interaction.InteractionRow;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * The Service's InterceptCallbackUrl, asked before an inbound contact is relayed: "If responded to with a 403 ... we
 * will abort/block the interaction. Any other status or timeout, the interaction continues." It gets the
 * interaction's {@code interaction*} and {@code inbound*} parameters, not the outbound ones (there is no outbound leg
 * yet).
 */
@Component
public class InterceptCallbacks {

    private final ServiceDirectory services;
    private final ServiceWebhookClient client;
    private final CarrierProperties carrier;

    public InterceptCallbacks(ServiceDirectory services, ServiceWebhookClient client, CarrierProperties carrier) {
        this.services = services;
        this.client = client;
        this.carrier = carrier;
    }

    /** True when the Service's intercept URL answered 403; false without one, or on any other answer. */
    public boolean blocks(InteractionRow interactionToBe) {
        Optional<KnownService> service = services.find(interactionToBe.serviceSid());
        if (service.isEmpty() || !service.get().hasIntercept()) {
            return false;
        }
        return client.post(ServiceWebhookClient.Kind.INTERCEPT, service.get().accountSid(),
                service.get().interceptCallbackUrl(), InteractionParameters.of(interactionToBe, carrier, false)).forbidden();
    }
}
