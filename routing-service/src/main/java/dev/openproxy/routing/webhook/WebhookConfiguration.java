package dev.openproxy.routing.webhook;

import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.messaging.StreamableMessageSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

/**
 * The CallbackUrl notifications run in a tracking processor of their own, after the commit and apart from the Kafka
 * publisher, so a slow customer URL never delays the event stream. A new token starts at the head of the event store:
 * deploying this version does not call back about interactions that happened before it.
 */
@Configuration(proxyBeanMethods = false)
public class WebhookConfiguration {

    @Autowired
    public void configure(EventProcessingConfigurer processing) {
        processing.registerTrackingEventProcessor(InteractionCallbacks.PROCESSING_GROUP,
                org.axonframework.config.Configuration::eventStore,
                configuration -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                        .andInitialTrackingToken(StreamableMessageSource::createHeadToken));
    }
}
