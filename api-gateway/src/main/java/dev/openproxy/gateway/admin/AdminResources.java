package dev.openproxy.gateway.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.openproxy.gateway.auth.Account;
import dev.openproxy.gateway.auth.ApiKey;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** JSON bodies of the admin interface, in Twilio's style: snake_case, whole-second UTC dates. */
final class AdminResources {

    private AdminResources() {
    }

    /** An account; {@code auth_token} only in the answer that created or replaced it. */
    record AccountResource(
            String sid,
            @JsonProperty("friendly_name") String friendlyName,
            String status,
            @JsonProperty("date_created") String dateCreated,
            @JsonProperty("date_updated") String dateUpdated,
            @JsonProperty("auth_token") @JsonInclude(JsonInclude.Include.NON_NULL) String authToken) {

        static AccountResource of(Account account, String authToken) {
            return new AccountResource(account.sid(), account.friendlyName(), account.status(),
                    format(account.dateCreated()), format(account.dateUpdated()), authToken);
        }
    }

    /** An API key; {@code secret} only in the answer that created it. */
    record KeyResource(
            String sid,
            @JsonProperty("account_sid") String accountSid,
            @JsonProperty("friendly_name") String friendlyName,
            @JsonProperty("date_created") String dateCreated,
            @JsonInclude(JsonInclude.Include.NON_NULL) String secret) {

        static KeyResource of(ApiKey key, String secret) {
            return new KeyResource(key.sid(), key.accountSid(), key.friendlyName(), format(key.dateCreated()), secret);
        }
    }

    record AccountList(List<AccountResource> accounts) {
    }

    record KeyList(List<KeyResource> keys) {
    }

    static String format(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
