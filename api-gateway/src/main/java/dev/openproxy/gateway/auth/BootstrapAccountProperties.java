package dev.openproxy.gateway.auth;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The account created (or updated) at start-up, so a fresh installation has credentials to call the API.
 * When the SID is unset, no account is created.
 */
@ConfigurationProperties("openproxy.gateway.bootstrap-account")
public record BootstrapAccountProperties(
        String sid,
        String authToken,
        @DefaultValue("Bootstrap account") String friendlyName) {

    public boolean configured() {
        return sid != null && !sid.isBlank();
    }

    /** Keeps the token out of logs and actuator output that print configuration objects. */
    @Override
    public String toString() {
        return "BootstrapAccountProperties[sid=" + sid + ", authToken=***, friendlyName=" + friendlyName + "]";
    }
}
