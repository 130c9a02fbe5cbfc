package dev.openproxy.support.axon;

import dev.openproxy.support.consistency.PublicationSignal;
import dev.openproxy.support.consistency.PublisherProgress;
import dev.openproxy.support.kafka.KafkaPublishing;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * How every service runs its event handlers:
 * <ul>
 * <li>Projections are subscribing processors: they run in the command's own database transaction, so the
 * response and the next read see the write, and a projection's unique constraint (set-based validation)
 * rejects the command instead of being logged and forgotten.</li>
 * <li>The Kafka publisher is a tracking processor: it reads the event store after commit, at its own pace, in
 * batches of up to {@link KafkaPublishing#BATCH_SIZE} events (one transaction, one token update per batch), and
 * after each committed batch wakes the requests waiting for it ({@link PublicationSignal}).</li>
 * <li>Handler errors propagate everywhere. Axon's default logs and skips, which would silently lose an event.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
public class AxonProcessingConfiguration {

    /** Static: {@link #configure} needs it while this configuration object is still being made. */
    @Bean
    public static PublisherProgress publisherProgress() {
        return new PublisherProgress();
    }

    @Autowired
    public void configure(EventProcessingConfigurer processing, PublisherProgress progress) {
        processing.usingSubscribingEventProcessors();
        processing.registerTrackingEventProcessor(KafkaPublishing.PROCESSING_GROUP,
                org.axonframework.config.Configuration::eventStore,
                configuration -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                        .andBatchSize(KafkaPublishing.BATCH_SIZE));
        processing.registerHandlerInterceptor(KafkaPublishing.PROCESSING_GROUP,
                configuration -> new PublicationSignal(progress));
        processing.registerDefaultListenerInvocationErrorHandler(configuration -> PropagatingErrorHandler.instance());
    }
}
