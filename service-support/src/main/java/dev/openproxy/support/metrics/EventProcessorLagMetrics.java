package dev.openproxy.support.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;

import java.util.Map;
import java.util.OptionalLong;

/**
 * {@code openproxy_event_processor_lag_events{processor}}: events in the event store that a tracking processor
 * ({@code kafka-publisher}, routing-service's {@code service-callbacks}) has not handled yet: the store's head minus the
 * position of its segments claimed on this replica. Axon's own {@code eventProcessor_latency} is the age of the last
 * event handled, which stays small while a processor is stuck; this count grows. Only the replica holding the claim
 * has a number, the others NaN: aggregate with {@code max}. Computed at each scrape (one {@code max(global_index)}).
 */
public class EventProcessorLagMetrics {

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;
    private final MeterRegistry meters;

    public EventProcessorLagMetrics(EventProcessingConfiguration processing, EventStore eventStore, MeterRegistry meters) {
        this.processing = processing;
        this.eventStore = eventStore;
        this.meters = meters;
    }

    /** The processors exist once Axon's configuration has started. */
    @EventListener(ApplicationReadyEvent.class)
    public void register() {
        processing.eventProcessors().forEach((name, processor) -> {
            if (processor instanceof StreamingEventProcessor streaming) {
                Gauge.builder("openproxy.event.processor.lag", streaming, this::lag)
                        .baseUnit("events")
                        .description("Events in the event store the tracking processor has not handled yet")
                        .tag("processor", name)
                        .register(meters);
            }
        });
    }

    double lag(StreamingEventProcessor processor) {
        Map<Integer, EventTrackerStatus> segments = processor.processingStatus();
        if (segments.isEmpty()) {
            return Double.NaN; // another replica holds the claim
        }
        long slowest = Long.MAX_VALUE;
        for (EventTrackerStatus segment : segments.values()) {
            OptionalLong position = segment.getCurrentPosition();
            slowest = Math.min(slowest, position.orElse(-1));
        }
        TrackingToken head = eventStore.createHeadToken();
        long headPosition = head == null ? -1 : head.position().orElse(-1);
        return Math.max(0, headPosition - slowest);
    }
}
