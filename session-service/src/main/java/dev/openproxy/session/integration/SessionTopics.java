package dev.openproxy.session.integration;

import dev.openproxy.contracts.events.Topics;
import dev.openproxy.support.kafka.TopicProperties;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The topics session-service publishes to and reads, created at start-up if missing (Spring's KafkaAdmin). */
@Configuration(proxyBeanMethods = false)
public class SessionTopics {

    @Bean
    NewTopic servicesTopic(TopicProperties topics) {
        return topics.topic(Topics.SERVICES);
    }

    @Bean
    NewTopic sessionsTopic(TopicProperties topics) {
        return topics.topic(Topics.SESSIONS);
    }

    /** Read here (routing-service publishes it): declared too, so start order never lets the broker auto-create it. */
    @Bean
    NewTopic interactionsTopic(TopicProperties topics) {
        return topics.topic(Topics.INTERACTIONS);
    }
}
