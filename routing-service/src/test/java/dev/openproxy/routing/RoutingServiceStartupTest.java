package dev.openproxy.routing;

import dev.openproxy.contracts.events.Topics;
import dev.openproxy.testsupport.ServiceStartupContract;

class RoutingServiceStartupTest extends ServiceStartupContract {

    RoutingServiceStartupTest() {
        super("routing-service", Topics.INTERACTIONS);
    }
}
