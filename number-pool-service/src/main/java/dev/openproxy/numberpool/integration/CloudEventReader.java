package dev.openproxy.numberpool.integration;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openproxy.contracts.events.CloudEvent;
import dev.openproxy.support.kafka.IntegrationEventPublisher;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * Reads the CloudEvents other services publish (docs/events.md): the envelope, and its snake_case {@code data} as
 * the event record from {@code contracts}. Unknown fields are ignored (additive changes keep the version). A record
 * that is not a CloudEvent at all is logged by position, never by content, and skipped: retrying it would block
 * the partition for good.
 */
final class CloudEventReader {

    private static final Logger log = LoggerFactory.getLogger(CloudEventReader.class);
    private static final ObjectMapper JSON = IntegrationEventPublisher.dataMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private CloudEventReader() {
    }

    static Optional<CloudEvent> read(ConsumerRecord<String, String> record) {
        try {
            CloudEvent event = record.value() == null ? null : JSON.readValue(record.value(), CloudEvent.class);
            if (event == null || event.type() == null || event.data() == null) {
                throw new IllegalArgumentException("no type or data");
            }
            return Optional.of(event);
        } catch (Exception e) {
            log.warn("Skipping a record that is not a readable CloudEvent: {}-{}@{} ({})", record.topic(),
                    record.partition(), record.offset(), e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    /** The event's data as a contracts record; {@link UnreadableData} when it does not fit. */
    static <T> T data(CloudEvent event, Class<T> type) {
        try {
            return JSON.treeToValue(event.data(), type);
        } catch (Exception e) {
            throw new UnreadableData(event, e);
        }
    }

    /** A known event type whose data does not fit its record: skipped like an unreadable record. */
    static final class UnreadableData extends RuntimeException {
        UnreadableData(CloudEvent event, Exception cause) {
            super("Unreadable data of " + event.type() + " " + event.id() + " (" + cause.getClass().getSimpleName() + ")");
        }
    }
}
