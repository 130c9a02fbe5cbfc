package dev.openproxy.gateway.auth;

import java.time.Instant;
import java.util.regex.Pattern;

/** A row of the api_keys table: an API key that authenticates as its account (never the secret, only its hash). */
public record ApiKey(String sid, String accountSid, String friendlyName, Instant dateCreated) {

    /**
     * Twilio's API key SIDs: {@code SK} + 32 hex digits. Kept here rather than in contracts' SidPrefix: only the
     * gateway knows about keys.
     */
    public static final String PREFIX = "SK";
    private static final Pattern SID = Pattern.compile("^SK[0-9a-fA-F]{32}$");

    public static boolean isSid(String candidate) {
        return candidate != null && SID.matcher(candidate).matches();
    }

    public static String newSid() {
        return PREFIX + SecretHash.newSecret();
    }
}
