package dev.openproxy.session.participants;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.time.Duration;

/**
 * Where session-service reaches participant-service directly (inside the cluster, not through the gateway).
 *
 * @param participant base URL of participant-service
 * @param timeout     connect and read timeout of each call
 */
@ConfigurationProperties("openproxy.peers")
public record PeerProperties(@DefaultValue("http://localhost:8082") URI participant,
                             @DefaultValue("PT10S") Duration timeout) {
}
