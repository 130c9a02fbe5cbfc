package dev.openproxy.gateway.auth;

import java.time.Instant;

/** A row of the gateway's accounts table (never the token, only its hash is stored). */
public record Account(String sid, String friendlyName, String status, Instant dateCreated, Instant dateUpdated) {

    public static final String ACTIVE = "active";
    public static final String SUSPENDED = "suspended";
}
