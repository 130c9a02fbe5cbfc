package dev.openproxy.support.kafka;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The shape of the topics a service publishes ({@code openproxy.kafka.partitions} and {@code .replicas}, the same
 * settings in every service). Spring's KafkaAdmin creates a missing topic with them and raises, never lowers, an
 * existing topic's partition count to {@code partitions}. Raising it moves keys to other partitions, so events of
 * one session lose their order across the change: choose the count once.
 */
@ConfigurationProperties("openproxy.kafka")
public record TopicProperties(@DefaultValue("3") int partitions, @DefaultValue("1") short replicas) {

    /** A topic of this shape, for a service's {@code NewTopic} bean. */
    public NewTopic topic(String name) {
        return new NewTopic(name, partitions, replicas);
    }
}
