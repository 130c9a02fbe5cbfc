package dev.openproxy.routing.integration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The shape of the topics this service publishes ({@code openproxy.kafka.partitions} and {@code .replicas}, the same
 * settings in every service). Spring's KafkaAdmin creates a missing topic with them and raises, never lowers, an
 * existing topic's partition count to {@code partitions}. Raising it moves keys to other partitions, so events of
 * one session lose their order across the change: choose the count once.
 */
@ConfigurationProperties("openproxy.kafka")
public record TopicProperties(@DefaultValue("3") int partitions, @DefaultValue("1") short replicas) {
}
