package dev.openproxy.routing;

import dev.openproxy.routing.directory.Projections;
import dev.openproxy.support.projection.ReadModel;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;

/**
 * routing-service's projections, for a rebuild (docs/operations.md, "Rebuild a projection"): {@code interactions}
 * from its own events; {@code known_services}, {@code known_sessions}, {@code known_numbers} and {@code routing_table}
 * from Kafka. Write-side state, never rebuilt: {@code outbound_messages} (the outbox: what is still to be sent, and
 * its attempts, is not in any event; a rebuild must not send an SMS again) and {@code sandbox_messages} (the sandbox
 * carrier's own log). {@code known_sessions.content_erased_at} is set by the retention job, not by an event: it is
 * kept through the rebuild, so an erased call duration stays erased.
 */
@Configuration(proxyBeanMethods = false)
class RoutingReadModel {

    @Bean
    ReadModel readModel() {
        return new ReadModel(List.of("known_services", "known_sessions", "known_numbers", "routing_table", "interactions"),
                List.of(Projections.SESSIONS, Projections.PARTICIPANTS, Projections.NUMBERS, Projections.SERVICES),
                List.of("interactions"),
                List.of(new ReadModel.KeptColumn("known_sessions", "sid", "content_erased_at")));
    }
}
