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
        return keyFor(scope, null);
    }

    /**
     * The key of a scope under a parent scope (an Interaction under its Session), created on first use with the
     * parent recorded, so that erasing the parent erases it too. Empty once either is erased: a late event of a
     * deleted Session gets no fresh key under it. {@code parentScope} null: a scope of its own.
     */
    public Optional<SecretKey> keyFor(String scope, String parentScope) {
        PersonalScopes.require(scope);
        // Every event of a scope after its first finds the row: one read, no write on the hot path.
        List<Optional<SecretKey>> existing = jdbc.query("SELECT data_key FROM personal_data_keys WHERE scope_id = ?",
                (rs, i) -> Optional.ofNullable(rs.getBytes(1)).map(key -> (SecretKey) new SecretKeySpec(key, "AES")),
                scope);
        if (!existing.isEmpty()) {
            return existing.get(0); // empty when the scope was erased (a tombstone)
        }
        if (parentScope != null && !parentAlive(parentScope)) {
            return Optional.empty();
        }
        // A concurrent first use waits on the primary key and then finds the winner's key below.
        jdbc.update("INSERT INTO personal_data_keys (scope_id, data_key, parent_scope_id) VALUES (?, ?, ?) "
                + "ON CONFLICT (scope_id) DO NOTHING", scope, freshKey(), parentScope);
        return existingKey(scope);
    }

    /**
     * Whether the parent scope is not erased, holding a share lock on its row (created if missing) until the caller's
     * transaction ends: an erasure of the parent waits for this transaction, and then its second statement sees the
     * child key this one creates. Without the lock, a key created while the Session is being deleted would survive it.
     */
    private boolean parentAlive(String parentScope) {
        PersonalScopes.require(parentScope);
        String lock = "SELECT data_key IS NOT NULL FROM personal_data_keys WHERE scope_id = ? FOR SHARE";
        List<Boolean> parent = jdbc.queryForList(lock, Boolean.class, parentScope);
        if (parent.isEmpty()) {
            jdbc.update("INSERT INTO personal_data_keys (scope_id, data_key) VALUES (?, ?) ON CONFLICT (scope_id) DO NOTHING",
                    parentScope, freshKey());
            parent = jdbc.queryForList(lock, Boolean.class, parentScope);
        }
        return !parent.isEmpty() && parent.get(0);
    }

    private static byte[] freshKey() {
        byte[] fresh = new byte[KEY_BYTES];
        RANDOM.nextBytes(fresh);
        return fresh;
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
     * Erasure for good (the Session, or one Interaction, was deleted): the key is destroyed and the scope can never get
     * another one; so are the keys of every scope under it (a Session's Interactions). Idempotent; also records a
     * tombstone for a scope that never had a key.
     */
    public void erase(String scope) {
        PersonalScopes.require(scope);
        // The parent first: it waits for a transaction creating a child key (parentAlive's lock); the children's
        // statement, which comes after, then sees that key.
        jdbc.update("INSERT INTO personal_data_keys (scope_id, data_key, erased_at) VALUES (?, NULL, now()) "
                + "ON CONFLICT (scope_id) DO UPDATE SET data_key = NULL, "
                + "erased_at = COALESCE(personal_data_keys.erased_at, now())", scope);
        eraseChildren(scope);
    }

    /**
     * Erasure of what was said so far (retention): the key is destroyed, and a later use of the scope (a re-opened
     * Session) gets a new one; the keys under it (the Interactions so far) are destroyed for good, as each is used by
     * one Interaction only. An erased scope stays erased.
     */
    public void forget(String scope) {
        PersonalScopes.require(scope);
        jdbc.update("DELETE FROM personal_data_keys WHERE scope_id = ? AND erased_at IS NULL", scope);
        eraseChildren(scope);
    }

    private void eraseChildren(String parentScope) {
        jdbc.update("UPDATE personal_data_keys SET data_key = NULL, erased_at = now() "
                + "WHERE parent_scope_id = ? AND erased_at IS NULL", parentScope);
    }
}
