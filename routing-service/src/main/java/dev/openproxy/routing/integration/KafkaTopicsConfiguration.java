package dev.openproxy.routing.integration;

import dev.openproxy.contracts.events.Topics;
import dev.openproxy.support.kafka.TopicProperties;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The topic this service publishes, the topics its projections read (declared with the same shape, so a broker never
 * auto-creates them with another partition count), and the projections' error handling: retry a record, never skip.
 */
@Configuration(proxyBeanMethods = false)
public class KafkaTopicsConfiguration {

    @Bean
    public NewTopic interactionsTopic(TopicProperties topics) {
        return topics.topic(Topics.INTERACTIONS);
    }

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

    @Bean
    NewTopic participantsTopic(TopicProperties topics) {
        return topics.topic(Topics.PARTICIPANTS);
    }

    @Bean
    CommonErrorHandler projectionErrorHandler() {
        ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
        backOff.setMaxInterval(30_000);
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
        return new DefaultErrorHandler(backOff);
    }
}
