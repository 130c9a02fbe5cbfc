package dev.openproxy.gateway.auth;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.util.List;
import java.util.Optional;

/** The api_keys table: keys that authenticate as their account. Revoking a key deletes its row. */
@Repository
public class ApiKeyStore {

    private static final RowMapper<ApiKey> ROW = (rs, row) -> new ApiKey(rs.getString("sid"),
            rs.getString("account_sid"), rs.getString("friendly_name"), rs.getTimestamp("date_created").toInstant());

    private final JdbcClient jdbc;

    public ApiKeyStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Creates a key of the account with the given secret. */
    public void create(String keySid, String accountSid, String secret, String friendlyName) {
        jdbc.sql("""
                        INSERT INTO api_keys (sid, account_sid, secret_hash, friendly_name)
                        VALUES (:sid, :account, :hash, :name)
                        """)
                .param("sid", keySid)
                .param("account", accountSid)
                .param("hash", SecretHash.of(secret))
                .param("name", friendlyName)
                .update();
    }

    public List<ApiKey> list(String accountSid) {
        return jdbc.sql("""
                        SELECT sid, account_sid, friendly_name, date_created FROM api_keys
                        WHERE account_sid = :account ORDER BY date_created, sid
                        """)
                .param("account", accountSid).query(ROW).list();
    }

    public Optional<ApiKey> find(String accountSid, String keySid) {
        return jdbc.sql("""
                        SELECT sid, account_sid, friendly_name, date_created FROM api_keys
                        WHERE account_sid = :account AND sid = :sid
                        """)
                .param("account", accountSid).param("sid", keySid).query(ROW).optional();
    }

    /** Revokes the key: the next request with it is refused. False when the account has no such key. */
    public boolean delete(String accountSid, String keySid) {
        return jdbc.sql("DELETE FROM api_keys WHERE account_sid = :account AND sid = :sid")
                .param("account", accountSid).param("sid", keySid).update() == 1;
    }

    /** The secret hash and account of a key whose account is active, or empty. */
    Optional<KeyHash> activeKey(String keySid) {
        if (!ApiKey.isSid(keySid)) {
            return Optional.empty();
        }
        return jdbc.sql("""
                        SELECT k.secret_hash, k.account_sid FROM api_keys k JOIN accounts a ON a.sid = k.account_sid
                        WHERE k.sid = :sid AND a.status = 'active'
                        """)
                .param("sid", keySid)
                .query((rs, row) -> new KeyHash(rs.getBytes("secret_hash"), rs.getString("account_sid")))
                .optional();
    }

    record KeyHash(byte[] secretHash, String accountSid) {
    }
}
