package dev.openproxy.routing.directory;

import dev.openproxy.contracts.events.Topics;
import dev.openproxy.support.consistency.ProjectionCatchUp;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * The Services' webhook URLs, with read-your-writes on a miss: a Service created a moment ago (its session already
 * routes) is looked up again once openproxy.services.v1 is applied to its end.
 */
@Component
public class ServiceDirectory {

    private final RoutingRepository repository;
    private final ProjectionCatchUp catchUp;

    public ServiceDirectory(RoutingRepository repository, ProjectionCatchUp catchUp) {
        this.repository = repository;
        this.catchUp = catchUp;
    }

    public Optional<KnownService> find(String serviceSid) {
        Optional<KnownService> service = repository.service(serviceSid);
        if (service.isEmpty()) {
            catchUp.awaitCaughtUp(Projections.SERVICES, Topics.SERVICES);
            service = repository.service(serviceSid);
        }
        return service;
    }
}
