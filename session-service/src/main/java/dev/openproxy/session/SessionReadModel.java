package dev.openproxy.session;

import dev.openproxy.support.projection.ReadModel;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;

/**
 * session-service's projections, for a rebuild (docs/operations.md, "Rebuild a projection"): {@code services} and
 * {@code sessions}, both kept from this service's own events (including the last interaction, which the
 * interactions listener records as {@code SessionInteractionRecordedEvent}). That listener is not a projection: it
 * sends commands, so its offsets stay as they are and Kafka is not read again.
 */
@Configuration(proxyBeanMethods = false)
class SessionReadModel {

    @Bean
    ReadModel readModel() {
        return new ReadModel(List.of("services", "sessions"), List.of(), List.of("service-directory", "session-directory"), List.of());
    }
}
