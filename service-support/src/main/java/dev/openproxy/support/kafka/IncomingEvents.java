package dev.openproxy.support.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * Reads the CloudEvents JSON that {@link IntegrationEventPublisher} writes: {@code type} and snake_case
 * {@code data}, as the contract records. Fields this service does not know are ignored (additive changes keep the
 * version, docs/events.md). A record that is not such an event is logged by position, never by content, and skipped.
 */
public final class IncomingEvents {

    private static final Logger log = LoggerFactory.getLogger(IncomingEvents.class);
    private static final ObjectMapper JSON = IntegrationEventPublisher.dataMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** @param source the CloudEvent's producer, e.g. {@code /openproxy/participant-service}: whose keys decrypt its personal fields */
    public record Incoming(String type, String source, JsonNode data) {
        public <T> T as(Class<T> type) {
            try {
                return JSON.treeToValue(data, type);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("data is not a " + type.getSimpleName(), e);
            }
        }
    }

    private IncomingEvents() {
    }

    public static Optional<Incoming> read(ConsumerRecord<String, String> record) {
        try {
            JsonNode event = JSON.readTree(record.value());
            if (event == null || !event.path("type").isTextual() || !event.path("data").isObject()) {
                throw new IllegalArgumentException("not a CloudEvent with data");
            }
            return Optional.of(new Incoming(event.get("type").asText(), event.path("source").asText(null), event.get("data")));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            log.warn("Skipping unreadable record {}-{}@{}", record.topic(), record.partition(), record.offset());
            return Optional.empty();
        }
    }
}
