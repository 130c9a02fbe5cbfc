package dev.openproxy.gateway.auth;

import dev.openproxy.contracts.sid.SidPrefix;
import dev.openproxy.gateway.signing.TokenSeal;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.util.List;
import java.util.Optional;

/**
 * The gateway's accounts table: who may call the API, with which auth token, and whether they may now. Each token is
 * kept as a hash (to authenticate) and, when the gateway has a webhook-signing key, sealed (to sign the account's
 * Service webhooks, as Twilio signs them with the auth token).
 */
@Repository
public class AccountStore {

    private static final RowMapper<Account> ROW = (rs, row) -> new Account(rs.getString("sid"),
            rs.getString("friendly_name"), rs.getString("status"),
            rs.getTimestamp("date_created").toInstant(), rs.getTimestamp("date_updated").toInstant());
    private static final String COLUMNS = "sid, friendly_name, status, date_created, date_updated";

    private final JdbcClient jdbc;
    private final TokenSeal seal;

    public AccountStore(JdbcClient jdbc, TokenSeal seal) {
        this.jdbc = jdbc;
        this.seal = seal;
    }

    /**
     * Creates the account, or replaces its token and name, so a rotated bootstrap token takes effect on restart.
     * The status is left as it is: an account an operator suspended stays suspended.
     */
    public void upsert(String accountSid, String authToken, String friendlyName) {
        requireSid(accountSid);
        if (authToken == null || authToken.isBlank()) {
            throw new IllegalArgumentException("The auth token of account " + accountSid + " is empty");
        }
        jdbc.sql("""
                        INSERT INTO accounts (sid, auth_token_hash, auth_token_sealed, friendly_name)
                        VALUES (:sid, :hash, :sealed, :name)
                        ON CONFLICT (sid) DO UPDATE
                            SET auth_token_hash = EXCLUDED.auth_token_hash,
                                auth_token_sealed = EXCLUDED.auth_token_sealed,
                                friendly_name = EXCLUDED.friendly_name, date_updated = now()
                        """)
                .param("sid", accountSid)
                .param("hash", SecretHash.of(authToken))
                .param("sealed", seal.sealOrNull(accountSid, authToken))
                .param("name", friendlyName)
                .update();
    }

    /** Inserts a new active account; false when the SID is taken. */
    public boolean create(String accountSid, String authToken, String friendlyName) {
        requireSid(accountSid);
        return jdbc.sql("""
                        INSERT INTO accounts (sid, auth_token_hash, auth_token_sealed, friendly_name)
                        VALUES (:sid, :hash, :sealed, :name)
                        ON CONFLICT (sid) DO NOTHING
                        """)
                .param("sid", accountSid)
                .param("hash", SecretHash.of(authToken))
                .param("sealed", seal.sealOrNull(accountSid, authToken))
                .param("name", friendlyName)
                .update() == 1;
    }

    public Optional<Account> find(String accountSid) {
        if (!SidPrefix.ACCOUNT.matches(accountSid)) {
            return Optional.empty();
        }
        return jdbc.sql("SELECT " + COLUMNS + " FROM accounts WHERE sid = :sid")
                .param("sid", accountSid).query(ROW).optional();
    }

    public List<Account> list() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM accounts ORDER BY date_created, sid").query(ROW).list();
    }

    /** Changes the name and/or status (null keeps the value); false when the account does not exist. */
    public boolean update(String accountSid, String friendlyName, String status) {
        return jdbc.sql("""
                        UPDATE accounts SET friendly_name = coalesce(:name, friendly_name),
                                            status = coalesce(:status, status), date_updated = now()
                        WHERE sid = :sid
                        """)
                .param("sid", accountSid)
                .param("name", friendlyName)
                .param("status", status)
                .update() == 1;
    }

    /** Replaces the auth token; the old one stops working with the commit. False when the account does not exist. */
    public boolean replaceToken(String accountSid, String authToken) {
        // The sealed copy is replaced too (or cleared without a key): webhooks are never signed with an old token.
        return jdbc.sql("UPDATE accounts SET auth_token_hash = :hash, auth_token_sealed = :sealed, date_updated = now() "
                        + "WHERE sid = :sid")
                .param("sid", accountSid)
                .param("hash", SecretHash.of(authToken))
                .param("sealed", seal.sealOrNull(accountSid, authToken))
                .update() == 1;
    }

    /** Removes the account and (cascade) its keys. Its resources stay in the services, out of anyone's reach. */
    public boolean delete(String accountSid) {
        return jdbc.sql("DELETE FROM accounts WHERE sid = :sid").param("sid", accountSid).update() == 1;
    }

    /** The stored token hash of an active account, or empty (unknown, malformed or suspended). */
    Optional<byte[]> activeTokenHash(String accountSid) {
        if (!SidPrefix.ACCOUNT.matches(accountSid)) {
            return Optional.empty();
        }
        return jdbc.sql("SELECT auth_token_hash FROM accounts WHERE sid = :sid AND status = 'active'")
                .param("sid", accountSid)
                .query(byte[].class)
                .optional();
    }

    /** The auth token of an active account, to sign its webhooks; empty when unknown, suspended or not sealed. */
    public Optional<String> activeAuthTokenForSigning(String accountSid) {
        if (!SidPrefix.ACCOUNT.matches(accountSid)) {
            return Optional.empty();
        }
        return jdbc.sql("SELECT auth_token_sealed FROM accounts WHERE sid = :sid AND status = 'active' "
                        + "AND auth_token_sealed IS NOT NULL")
                .param("sid", accountSid)
                .query(byte[].class)
                .optional()
                .flatMap(sealed -> seal.open(accountSid, sealed));
    }

    private static void requireSid(String accountSid) {
        if (!SidPrefix.ACCOUNT.matches(accountSid)) {
            throw new IllegalArgumentException("An account SID is AC followed by 32 hexadecimal digits");
        }
    }

}
