package dev.openproxy.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openproxy.contracts.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What routing-service published on {@code openproxy.interactions.v1}: the CloudEvents of one Interaction, read from
 * the start of the topic up to its current end (no consumer group: nothing is committed, every call sees everything).
 * Publication trails the API a little, so callers wrap their assertions in an await.
 */
public final class InteractionEvents {

    private static final ObjectMapper JSON = new ObjectMapper();

    private InteractionEvents() {
    }

    /** The events whose subject is {@code interactionSid}, in the order they were published (one session, one partition). */
    public static List<JsonNode> of(String interactionSid) {
        return readAll().stream().filter(e -> interactionSid.equals(e.path("subject").asText())).toList();
    }

    /** Those of {@link #of} with this CloudEvents type. */
    public static List<JsonNode> of(String interactionSid, String type) {
        return of(interactionSid).stream().filter(e -> type.equals(e.path("type").asText())).toList();
    }

    private static List<JsonNode> readAll() {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, ProxyStack.stack().kafkaBootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<JsonNode> events = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.INTERACTIONS, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!reached(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + Topics.INTERACTIONS + " to its end " + end);
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    events.add(parse(record.value()));
                }
            }
        }
        return events;
    }

    private static boolean reached(KafkaConsumer<String, String> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    private static JsonNode parse(String value) {
        try {
            return JSON.readTree(value);
        } catch (IOException e) {
            throw new IllegalStateException("not a CloudEvent in JSON on " + Topics.INTERACTIONS, e);
        }
    }
}
