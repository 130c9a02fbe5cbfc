package dev.openproxy.gateway.auth;

import dev.openproxy.contracts.sid.SidPrefix;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.util.Optional;

/** The gateway's accounts table: who may call the API, and with which auth token. */
@Repository
public class AccountStore {

    /** Compared against when the SID is unknown, so unknown and known accounts cost the same work. */
    private static final byte[] NO_ACCOUNT_HASH = AuthTokenHash.of("no such account");

    private final JdbcClient jdbc;

    public AccountStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Creates the account, or replaces its token and name, so a rotated token takes effect on restart. */
    public void upsert(String accountSid, String authToken, String friendlyName) {
        if (!SidPrefix.ACCOUNT.matches(accountSid)) {
            throw new IllegalArgumentException("An account SID is AC followed by 32 hexadecimal digits");
        }
        if (authToken == null || authToken.isBlank()) {
            throw new IllegalArgumentException("The auth token of account " + accountSid + " is empty");
        }
        jdbc.sql("""
                        INSERT INTO accounts (sid, auth_token_hash, friendly_name)
                        VALUES (:sid, :hash, :name)
                        ON CONFLICT (sid) DO UPDATE
                            SET auth_token_hash = EXCLUDED.auth_token_hash, friendly_name = EXCLUDED.friendly_name
                        """)
                .param("sid", accountSid)
                .param("hash", AuthTokenHash.of(authToken))
                .param("name", friendlyName)
                .update();
    }

    /** True only when the account exists and the token is its token. */
    public boolean authenticates(String accountSid, String authToken) {
        Optional<byte[]> stored = SidPrefix.ACCOUNT.matches(accountSid)
                ? jdbc.sql("SELECT auth_token_hash FROM accounts WHERE sid = :sid")
                        .param("sid", accountSid)
                        .query(byte[].class)
                        .optional()
                : Optional.empty();
        boolean tokenMatches = AuthTokenHash.matches(authToken, stored.orElse(NO_ACCOUNT_HASH));
        return stored.isPresent() && tokenMatches;
    }
}
