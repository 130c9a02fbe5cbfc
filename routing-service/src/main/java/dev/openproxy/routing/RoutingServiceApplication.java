package dev.openproxy.routing;

import dev.openproxy.support.ServiceMain;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The carrier edge: webhooks in, carrier calls out, Interactions and the routing table (DESIGN.md sections 2 and 4). */
@SpringBootApplication
@ConfigurationPropertiesScan
public class RoutingServiceApplication {

    public static void main(String[] args) {
        ServiceMain.run(RoutingServiceApplication.class, args);
    }
}
