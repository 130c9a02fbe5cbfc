package dev.openproxy.support.axon;

import dev.openproxy.support.kafka.KafkaPublishing;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

/**
 * How every service runs its event handlers:
 * <ul>
 * <li>Projections are subscribing processors: they run in the command's own database transaction, so the
 * response and the next read see the write, and a projection's unique constraint (set-based validation)
 * rejects the command instead of being logged and forgotten.</li>
 * <li>The Kafka publisher is the one tracking processor: it reads the event store after commit, at its own pace.</li>
 * <li>Handler errors propagate everywhere. Axon's default logs and skips, which would silently lose an event.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
public class AxonProcessingConfiguration {

    @Autowired
    public void configure(EventProcessingConfigurer processing) {
        processing.usingSubscribingEventProcessors();
        processing.registerTrackingEventProcessor(KafkaPublishing.PROCESSING_GROUP);
        processing.registerDefaultListenerInvocationErrorHandler(configuration -> PropagatingErrorHandler.instance());
    }
}
