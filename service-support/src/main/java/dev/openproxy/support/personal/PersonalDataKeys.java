package dev.openproxy.support.personal;

import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;

/**
 * The data keys of this service's scopes, in its own database ({@code personal_data_keys}). A key never leaves
 * this table except through {@link PersonalDataKeysController} to a trusted peer; destroying it is the erasure.
 * No in-memory cache: an erasure by another replica must take effect at once, and a primary-key read is cheap
 * next to the event append it accompanies.
 */
public class PersonalDataKeys {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int KEY_BYTES = 32;

    private final JdbcTemplate jdbc;

    public PersonalDataKeys(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The scope's key, created on first use (in the caller's transaction, so a key and the first event it encrypts
     * commit together). Empty once the scope is erased: the caller stores the personal field as erased.
     */
    public Optional<SecretKey> keyFor(String scope) {
        PersonalScopes.require(scope);
        // Every event of a Session after its first finds the row: one read, no write on the hot path.
        List<Optional<SecretKey>> existing = jdbc.query("SELECT data_key FROM personal_data_keys WHERE scope_id = ?",
                (rs, i) -> Optional.ofNullable(rs.getBytes(1)).map(key -> (SecretKey) new SecretKeySpec(key, "AES")),
                scope);
        if (!existing.isEmpty()) {
            return existing.get(0); // empty when the scope was erased (a tombstone)
        }
        byte[] fresh = new byte[KEY_BYTES];
        RANDOM.nextBytes(fresh);
        // A concurrent first use waits on the primary key and then finds the winner's key below.
        jdbc.update("INSERT INTO personal_data_keys (scope_id, data_key) VALUES (?, ?) ON CONFLICT (scope_id) DO NOTHING",
                scope, fresh);
        return existingKey(scope);
    }

    /** The scope's key if it exists and is not erased; never creates one (decryption, peers). */
    public Optional<SecretKey> existingKey(String scope) {
        if (!PersonalScopes.isValid(scope)) {
            return Optional.empty();
        }
        try {
            byte[] key = jdbc.queryForObject("SELECT data_key FROM personal_data_keys WHERE scope_id = ?", byte[].class, scope);
            return key == null ? Optional.empty() : Optional.of(new SecretKeySpec(key, "AES"));
        } catch (EmptyResultDataAccessException e) {
            return Optional.empty();
        }
    }

    /**
     * Erasure for good (the Session was deleted): the key is destroyed and the scope can never get another one.
     * Idempotent; also records a tombstone for a scope that never had a key.
     */
    public void erase(String scope) {
        PersonalScopes.require(scope);
        jdbc.update("INSERT INTO personal_data_keys (scope_id, data_key, erased_at) VALUES (?, NULL, now()) "
                + "ON CONFLICT (scope_id) DO UPDATE SET data_key = NULL, "
                + "erased_at = COALESCE(personal_data_keys.erased_at, now())", scope);
    }

    /**
     * Erasure of what was said so far (retention): the key is destroyed, and a later use of the scope (a re-opened
     * Session) gets a new one. An erased scope stays erased.
     */
    public void forget(String scope) {
        PersonalScopes.require(scope);
        jdbc.update("DELETE FROM personal_data_keys WHERE scope_id = ? AND erased_at IS NULL", scope);
    }
}
