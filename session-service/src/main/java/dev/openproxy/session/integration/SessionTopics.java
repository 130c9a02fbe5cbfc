package dev.openproxy.session.integration;

import dev.openproxy.contracts.events.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/** The topics session-service publishes to, created at start-up if missing (Spring's KafkaAdmin). */
@Configuration(proxyBeanMethods = false)
public class SessionTopics {

    @Bean
    NewTopic servicesTopic(@Value("${openproxy.kafka.partitions:3}") int partitions,
                           @Value("${openproxy.kafka.replicas:1}") short replicas) {
        return TopicBuilder.name(Topics.SERVICES).partitions(partitions).replicas(replicas).build();
    }

    @Bean
    NewTopic sessionsTopic(@Value("${openproxy.kafka.partitions:3}") int partitions,
                           @Value("${openproxy.kafka.replicas:1}") short replicas) {
        return TopicBuilder.name(Topics.SESSIONS).partitions(partitions).replicas(replicas).build();
    }
}
