package dev.openproxy.participant.integration;

import dev.openproxy.contracts.events.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import dev.openproxy.support.kafka.TopicProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The topic this service publishes to; Spring's KafkaAdmin creates it at startup if it is missing. */
@Configuration(proxyBeanMethods = false)
public class KafkaTopicsConfiguration {

    @Bean
    public NewTopic participantsTopic(TopicProperties topics) {
        return topics.topic(Topics.PARTICIPANTS);
    }
}
