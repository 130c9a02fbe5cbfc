package dev.openproxy.gateway.signing;

import org.springframework.stereotype.Component;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;

/**
 * Seals an account's auth token with AES-256-GCM under the webhook-signing key: 12 random bytes of IV, then the
 * ciphertext and its tag. The account SID is the associated data, so a sealed token copied to another account's row
 * does not open. A database dump alone does not reveal a token; the dump and the key do.
 */
@Component
public class TokenSeal {

    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    public TokenSeal(WebhookSigningProperties properties) {
        this.key = properties.sealingEnabled() ? new SecretKeySpec(properties.keyBytes(), "AES") : null;
    }

    public boolean enabled() {
        return key != null;
    }

    /** The sealed token, or null without a key (nothing is kept then). */
    public byte[] sealOrNull(String accountSid, String authToken) {
        if (key == null) {
            return null;
        }
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(accountSid.getBytes(StandardCharsets.US_ASCII));
            byte[] sealed = cipher.doFinal(authToken.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    /** The token, or empty when there is no key or the seal does not open (another key, another account's row). */
    public Optional<String> open(String accountSid, byte[] sealed) {
        if (key == null || sealed == null || sealed.length <= IV_BYTES) {
            return Optional.empty();
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, IV_BYTES));
            cipher.updateAAD(accountSid.getBytes(StandardCharsets.US_ASCII));
            byte[] token = cipher.doFinal(Arrays.copyOfRange(sealed, IV_BYTES, sealed.length));
            return Optional.of(new String(token, StandardCharsets.UTF_8));
        } catch (GeneralSecurityException wrongKeyOrTampered) {
            return Optional.empty();
        }
    }
}
