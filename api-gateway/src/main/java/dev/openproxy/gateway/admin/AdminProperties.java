package dev.openproxy.gateway.admin;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The operators' credential for the admin interface ({@code /admin/v1}): sent as {@code Authorization: Bearer
 * <token>} or as the password of HTTP Basic (any user name). Unset: the admin interface does not exist (404).
 */
@ConfigurationProperties("openproxy.gateway.admin")
public record AdminProperties(String token) {

    /** Shorter tokens are refused at start-up: this one can create accounts. */
    public static final int MIN_TOKEN_LENGTH = 24;

    public AdminProperties {
        if (token != null && !token.isBlank() && token.trim().length() < MIN_TOKEN_LENGTH) {
            throw new IllegalArgumentException("openproxy.gateway.admin.token must be at least " + MIN_TOKEN_LENGTH
                    + " characters");
        }
        token = token == null || token.isBlank() ? null : token.trim();
    }

    public boolean enabled() {
        return token != null;
    }

    /** Keeps the token out of logs and actuator output. */
    @Override
    public String toString() {
        return "AdminProperties[token=" + (enabled() ? "***" : "unset") + "]";
    }
}
