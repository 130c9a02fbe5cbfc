package dev.openproxy.numberpool.integration;

import dev.openproxy.contracts.events.Topics;
import dev.openproxy.support.kafka.TopicProperties;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The topic this service publishes, and the ones it reads: Spring's KafkaAdmin creates any that is missing, with
 * the shape every service uses ({@link TopicProperties}). Creating the topics it reads means the start order of
 * the services does not matter, and no consumer makes the broker auto-create one with its default partition count.
 */
@Configuration(proxyBeanMethods = false)
public class KafkaTopicsConfiguration {

    @Bean
    public NewTopic phoneNumbersTopic(TopicProperties topics) {
        return topics.topic(Topics.PHONE_NUMBERS);
    }

    @Bean
    public NewTopic servicesTopic(TopicProperties topics) {
        return topics.topic(Topics.SERVICES);
    }

    @Bean
    public NewTopic sessionsTopic(TopicProperties topics) {
        return topics.topic(Topics.SESSIONS);
    }

    @Bean
    public NewTopic participantsTopic(TopicProperties topics) {
        return topics.topic(Topics.PARTICIPANTS);
    }

    /**
     * A listener that fails (the database is down, say) retries the same record until it succeeds, backing off up to
     * 30 s. Spring's default gives up after ten tries and commits past the record, which would lose it from a
     * projection for good. Records that cannot be read at all are skipped by the listeners themselves.
     */
    @Bean
    public CommonErrorHandler kafkaListenerErrorHandler() {
        ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
        backOff.setMaxInterval(30_000);
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
        return new DefaultErrorHandler(backOff);
    }
}
