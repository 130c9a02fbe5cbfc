package dev.openproxy.gateway.signing;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.Base64;

/**
 * How the gateway signs Service webhooks for routing-service (ADR 0011).
 *
 * @param key  Base64 of 32 random bytes (PROXY_WEBHOOK_SIGNING_KEY): seals each account's auth token so it can sign;
 *             unset = tokens are not kept and Service webhooks go unsigned
 * @param port the internal port that serves {@code /internal/**} and nothing else; 0 = no internal port. Never expose
 *             it outside the cluster: it signs anything for any account.
 */
@ConfigurationProperties("openproxy.gateway.webhook-signing")
public record WebhookSigningProperties(String key, Integer port) {

    public WebhookSigningProperties {
        key = key == null || key.isBlank() ? null : key.trim();
        port = port == null ? 0 : port;
        if (key != null) {
            byte[] decoded;
            try {
                decoded = Base64.getDecoder().decode(key);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("openproxy.gateway.webhook-signing.key must be Base64");
            }
            if (decoded.length != 32) {
                throw new IllegalArgumentException("openproxy.gateway.webhook-signing.key must be 32 bytes (Base64 of"
                        + " 32 random bytes, e.g. `openssl rand -base64 32`)");
            }
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("openproxy.gateway.webhook-signing.port must be 0..65535");
        }
    }

    public boolean sealingEnabled() {
        return key != null;
    }

    public boolean internalPortEnabled() {
        return port > 0;
    }

    byte[] keyBytes() {
        return Base64.getDecoder().decode(key);
    }

    /** Keeps the key out of logs and actuator output. */
    @Override
    public String toString() {
        return "WebhookSigningProperties[key=" + (sealingEnabled() ? "***" : "unset") + ", port=" + port + "]";
    }
}
