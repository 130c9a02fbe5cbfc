package dev.openproxy.support.projection;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.List;

/**
 * A projection of other services' events, fed from Kafka, that a rebuild reads again from the start of its topics.
 * Implemented by the {@code @KafkaListener} itself, so the rebuild applies each record exactly as the live listener
 * does. A Kafka consumer that sends commands instead (its effects are this service's own events) is not one.
 */
public interface KafkaFedProjection {

    /** Its name in {@code projection_offsets} (and consumer group). */
    String consumer();

    List<String> topics();

    /** Applies one record in the caller's transaction (or its own), recording its offset as the live listener does. */
    void on(ConsumerRecord<String, String> record);
}
