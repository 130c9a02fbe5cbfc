package dev.openproxy.participant.integration;

import dev.openproxy.support.kafka.IncomingEvents;
import dev.openproxy.contracts.events.Topics;
import dev.openproxy.support.kafka.TopicProperties;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Kafka for participant-service: the topic it publishes, the topics its projections read, and how a listener
 * failure is handled.
 */
@Configuration(proxyBeanMethods = false)
public class KafkaConfiguration {

    @Bean
    NewTopic participantsTopic(TopicProperties topics) {
        return topics.topic(Topics.PARTICIPANTS);
    }

    // The topics read are declared too, with the same shape their publishers use: if this service starts first,
    // the broker must not auto-create them with its own default partition count (that would reorder keys later).

    @Bean
    NewTopic servicesTopic(TopicProperties topics) {
        return topics.topic(Topics.SERVICES);
    }

    @Bean
    NewTopic sessionsTopic(TopicProperties topics) {
        return topics.topic(Topics.SESSIONS);
    }

    @Bean
    NewTopic phoneNumbersTopic(TopicProperties topics) {
        return topics.topic(Topics.PHONE_NUMBERS);
    }

    /**
     * A projection must not skip a record (spring-kafka's default gives up after 10 attempts and moves on): retry
     * the same record, backing off to 30 seconds, until the database takes it. Records that cannot be read are
     * skipped by the listeners themselves (IncomingEvents), so only transient failures get here.
     */
    @Bean
    CommonErrorHandler projectionErrorHandler() {
        ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
        backOff.setMaxInterval(30_000);
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
        return new DefaultErrorHandler(backOff);
    }
}
