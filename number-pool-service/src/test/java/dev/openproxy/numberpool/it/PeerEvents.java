package dev.openproxy.numberpool.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openproxy.contracts.events.CloudEvent;
import dev.openproxy.support.kafka.IntegrationEventPublisher;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Publishes what the other services would: CloudEvents in the envelope and snake_case data that
 * {@link IntegrationEventPublisher} writes, acknowledged by the broker before the test goes on.
 */
final class PeerEvents {

    private static final ObjectMapper DATA = IntegrationEventPublisher.dataMapper();

    private final KafkaTemplate<String, String> kafka;

    PeerEvents(KafkaTemplate<String, String> kafka) {
        this.kafka = kafka;
    }

    void publish(String topic, String key, String type, String accountSid, Object data) {
        CloudEvent event = new CloudEvent(CloudEvent.SPEC_VERSION, UUID.randomUUID().toString(), "/openproxy/test",
                type, key, Instant.now(), CloudEvent.JSON, accountSid, DATA.valueToTree(data));
        try {
            ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, DATA.writeValueAsString(event));
            record.headers().add("content-type", "application/cloudevents+json; charset=UTF-8".getBytes(StandardCharsets.UTF_8));
            kafka.send(record).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Could not publish " + type, e);
        }
    }

    void publishRaw(String topic, String key, String value) {
        try {
            kafka.send(topic, key, value).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
