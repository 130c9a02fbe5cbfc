package dev.openproxy.gateway.auth;

import dev.openproxy.contracts.sid.SidPrefix;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * Decides which account a request's Basic credentials prove, the two ways Twilio accepts:
 * <ul>
 *   <li>user = account SID ({@code AC...}), password = its auth token;</li>
 *   <li>user = API key SID ({@code SK...}), password = the key's secret: the request acts as the key's account.
 *       twilio-java's {@code new TwilioRestClient.Builder(keySid, keySecret).accountSid(AC...)} sends exactly this
 *       for Proxy (the account SID only goes into URLs that contain one, and Proxy URLs do not).</li>
 * </ul>
 * Both read the database on every request (one indexed row), so a revoked key, a suspended or deleted account
 * or a replaced token is refused from the next request on. Unknown SIDs cost the same hashing as known ones.
 */
@Component
public class Authenticator {

    /** Compared against when the SID is unknown, so unknown and known SIDs cost the same work. */
    private static final byte[] NOTHING = SecretHash.of("no such credential");

    private final AccountStore accounts;
    private final ApiKeyStore keys;

    public Authenticator(AccountStore accounts, ApiKeyStore keys) {
        this.accounts = accounts;
        this.keys = keys;
    }

    /** The account the credentials authenticate as, or empty when they do not. */
    public Optional<String> accountOf(String username, String password) {
        if (SidPrefix.ACCOUNT.matches(username)) {
            Optional<byte[]> stored = accounts.activeTokenHash(username);
            boolean matches = SecretHash.matches(password, stored.orElse(NOTHING));
            return stored.isPresent() && matches ? Optional.of(username) : Optional.empty();
        }
        if (ApiKey.isSid(username)) {
            Optional<ApiKeyStore.KeyHash> stored = keys.activeKey(username);
            boolean matches = SecretHash.matches(password, stored.map(ApiKeyStore.KeyHash::secretHash).orElse(NOTHING));
            return stored.isPresent() && matches ? stored.map(ApiKeyStore.KeyHash::accountSid) : Optional.empty();
        }
        SecretHash.matches(password, NOTHING);
        return Optional.empty();
    }
}
