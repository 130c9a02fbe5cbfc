package dev.openproxy.gateway.routing;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;

/** Base URIs of the services behind the gateway; the defaults are the local stack's ports. */
@ConfigurationProperties("openproxy.gateway.services")
public record UpstreamServices(
        @DefaultValue("http://localhost:8081") URI session,
        @DefaultValue("http://localhost:8082") URI participant,
        @DefaultValue("http://localhost:8083") URI numberPool,
        @DefaultValue("http://localhost:8084") URI routing) {
}
