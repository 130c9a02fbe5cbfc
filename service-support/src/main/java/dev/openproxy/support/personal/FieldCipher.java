package dev.openproxy.support.personal;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * AES-256-GCM for one personal field, as a self-describing string {@code enc:v1:<scope>:<base64(iv || ciphertext)>}:
 * a reader knows it is encrypted, and with which scope's key, without any other field. The scope is also the GCM
 * associated data, so a ciphertext copied into another scope's event does not decrypt.
 */
public final class FieldCipher {

    static final String PREFIX = "enc:v1:";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private FieldCipher() {
    }

    public static boolean isEncrypted(String value) {
        return value != null && value.startsWith(PREFIX);
    }

    /** The scope named by an encrypted value; empty if the value is not one. */
    public static Optional<String> scopeOf(String value) {
        if (!isEncrypted(value)) {
            return Optional.empty();
        }
        int end = value.indexOf(':', PREFIX.length());
        return end < 0 ? Optional.empty() : Optional.of(value.substring(PREFIX.length(), end));
    }

    public static String encrypt(String scope, SecretKey key, String plaintext) {
        PersonalScopes.require(scope);
        try {
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(scope.getBytes(StandardCharsets.US_ASCII));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array();
            return PREFIX + scope + ":" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every Java runtime", e);
        }
    }

    /**
     * The plaintext of an encrypted value, or empty when it cannot be read with this key (a wrong or destroyed key,
     * a damaged value): a reader sees such a field as erased, never an exception.
     */
    public static Optional<String> decrypt(SecretKey key, String value) {
        Optional<String> scope = scopeOf(value);
        if (scope.isEmpty()) {
            return Optional.empty();
        }
        try {
            byte[] in = Base64.getDecoder().decode(value.substring(PREFIX.length() + scope.get().length() + 1));
            if (in.length <= IV_BYTES) {
                return Optional.empty();
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, IV_BYTES));
            cipher.updateAAD(scope.get().getBytes(StandardCharsets.US_ASCII));
            byte[] plain = cipher.doFinal(in, IV_BYTES, in.length - IV_BYTES);
            return Optional.of(new String(plain, StandardCharsets.UTF_8));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
