package dev.openproxy.participant;

import dev.openproxy.participant.directory.Projections;
import dev.openproxy.support.projection.ReadModel;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;

/**
 * participant-service's projections, for a rebuild (docs/operations.md, "Rebuild a projection"): {@code participants}
 * from its own events, and {@code known_services}, {@code known_sessions}, {@code pool_numbers} from Kafka (the
 * {@code KafkaFedProjection} listeners). {@code active_pairs} is write-side state: the aggregate's command handler
 * reserves a pair in the command's transaction, before any event exists, and its unique index is the pair rule; a
 * rebuild leaves it alone (the listeners do not release or restore pairs in a rebuild).
 */
@Configuration(proxyBeanMethods = false)
class ParticipantReadModel {

    @Bean
    ReadModel readModel() {
        return new ReadModel(List.of("participants", "known_services", "known_sessions", "pool_numbers"),
                List.of(Projections.SESSION_DIRECTORY, Projections.POOL_DIRECTORY, Projections.SERVICE_DIRECTORY),
                List.of("participant-directory"), List.of());
    }
}
