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

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes one event from the event store to Kafka as a CloudEvent. It is called from a tracking processor that
 * handles events in batches ({@link KafkaPublishing#BATCH_SIZE}): inside the processor's unit of work the send is
 * started at once and its broker ack awaited when the batch commits, so all sends of a batch are in flight together
 * and the batch waits for the acks once. A failed ack fails the commit: the token does not move and the whole batch
 * is sent again (at-least-once; the event store is the outbox). A consumer may thus see an event twice, not always
 * next to its first copy; the CloudEvent {@code id} is the Axon event identifier, stable across redeliveries, for
 * de-duplication. Order per key holds: one thread sends in event-store order through the idempotent producer
 * ({@code max.in.flight.requests.per.connection} at most 5), whose sequence numbers make the broker refuse a record
 * whose predecessor on the partition is missing. Outside a unit of work (tests, tools) the send is awaited at once.
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
            CompletableFuture<?> sent = kafka.send(record);
            if (CurrentUnitOfWork.isStarted()) {
                CurrentUnitOfWork.get().onPrepareCommit(batch -> awaitAck(sent, type, subject, topic));
            } else {
                awaitAck(sent, type, subject, topic);
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("Could not publish " + type + " for " + subject + " to " + topic, e);
        }
    }

    private void awaitAck(CompletableFuture<?> sent, String type, String subject, String topic) {
        try {
            sent.get(sendTimeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while publishing " + type, e);
        } catch (ExecutionException | TimeoutException e) {
            // Propagates to the tracking processor, which rolls the batch back and retries it: nothing is skipped.
            throw new IllegalStateException("Could not publish " + type + " for " + subject + " to " + topic, e);
        }
    }

    public static ObjectMapper dataMapper() {
        return DATA_MAPPER.copy();
    }
}
