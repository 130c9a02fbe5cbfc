package dev.openproxy.support.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.openproxy.contracts.events.CloudEvent;
import dev.openproxy.support.personal.PersonalDataProtector;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.kafka.core.KafkaTemplate;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes one event from the event store to Kafka as a CloudEvent and waits for the broker's ack. It is
 * called from a tracking processor: the processor's token only moves past an event once its send succeeded,
 * so the event store is the outbox and delivery is at-least-once (a consumer may see an event twice; the
 * CloudEvent {@code id} is the Axon event identifier, stable across redeliveries, for de-duplication).
 * {@code @PersonalData} fields are published encrypted with their session's key, as in the event store, so deleting
 * the session erases them from the topic too (docs/adr/0012-crypto-shredding.md).
 */
public class IntegrationEventPublisher {

    /** Event data is snake_case, like the Twilio resources consumers already know. */
    private static final ObjectMapper DATA_MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    private static final byte[] STRUCTURED_CONTENT_TYPE = "application/cloudevents+json; charset=UTF-8".getBytes(StandardCharsets.UTF_8);

    private final KafkaTemplate<String, String> kafka;
    private final String source;
    private final long sendTimeoutMillis;
    private final PersonalDataProtector protector;

    public IntegrationEventPublisher(KafkaTemplate<String, String> kafka, String source, long sendTimeoutMillis,
                                     PersonalDataProtector protector) {
        this.kafka = kafka;
        this.source = source;
        this.sendTimeoutMillis = sendTimeoutMillis;
        this.protector = protector;
    }

    /**
     * @param type    versioned CloudEvents type, e.g. {@code dev.openproxy.session.closed.v1}
     * @param key     Kafka key: the session SID for session-scoped events, so they stay in order
     * @param subject the SID of the resource the event is about
     */
    public void publish(String topic, String key, String type, String subject, String accountSid, EventMessage<?> event) {
        CloudEvent envelope = new CloudEvent(CloudEvent.SPEC_VERSION, event.getIdentifier(), source, type, subject,
                event.getTimestamp(), CloudEvent.JSON, accountSid, DATA_MAPPER.valueToTree(protector.encrypt(event.getPayload())));
        try {
            ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, DATA_MAPPER.writeValueAsString(envelope));
            // CloudEvents Kafka binding, structured mode: the content type says the value is a whole CloudEvent.
            record.headers().add("content-type", STRUCTURED_CONTENT_TYPE);
            kafka.send(record).get(sendTimeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while publishing " + type, e);
        } catch (ExecutionException | TimeoutException | com.fasterxml.jackson.core.JsonProcessingException e) {
            // Propagates to the tracking processor, which retries from this event: nothing is skipped.
            throw new IllegalStateException("Could not publish " + type + " for " + subject + " to " + topic, e);
        }
    }

    public static ObjectMapper dataMapper() {
        return DATA_MAPPER.copy();
    }
}
