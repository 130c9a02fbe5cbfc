package dev.openproxy.gateway.edge;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * What the gateway accepts from a client before anything reaches a service. A Proxy request is a few form
 * parameters (three callback URLs of at most 4,000 characters are the largest), so 64 KB leaves ample room.
 */
@ConfigurationProperties("openproxy.gateway.requests")
public record RequestLimits(@DefaultValue("64KB") DataSize maxBodySize) {

    public RequestLimits {
        if (maxBodySize.toBytes() < 1 || maxBodySize.toBytes() > Integer.MAX_VALUE - 1) {
            throw new IllegalArgumentException("openproxy.gateway.requests.max-body-size must be between 1 byte and 2 GB");
        }
    }

    int maxBodyBytes() {
        return (int) maxBodySize.toBytes();
    }
}
