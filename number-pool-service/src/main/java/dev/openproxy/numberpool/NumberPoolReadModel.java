package dev.openproxy.numberpool;

import dev.openproxy.numberpool.integration.PoolUsageListener;
import dev.openproxy.numberpool.integration.ServiceDirectoryListener;
import dev.openproxy.support.projection.ReadModel;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;

/**
 * number-pool-service's projections, for a rebuild (docs/operations.md, "Rebuild a projection"): {@code pool_numbers}
 * and {@code pool_capacity} from its own events (the pool rules they enforce are not checked again: a replayed event
 * was accepted once), {@code services}, {@code session_states} and {@code participant_assignments} from Kafka.
 * {@code in_use} and {@code active_participants} are recounted from the last two when a number is replayed.
 */
@Configuration(proxyBeanMethods = false)
class NumberPoolReadModel {

    @Bean
    ReadModel readModel() {
        return new ReadModel(List.of("pool_numbers", "pool_capacity", "services", "session_states", "participant_assignments"),
                List.of(PoolUsageListener.CONSUMER, ServiceDirectoryListener.CONSUMER), List.of("pool-directory"), List.of());
    }
}
