package dev.openproxy.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * SHA-256 of an auth token or API key secret, and new secrets. The secrets the gateway makes are 128 random bits
 * (Twilio's shape: 32 hex digits) and operator-chosen ones must be at least {@link #MIN_CHOSEN_LENGTH} characters,
 * so a plain fast hash is enough: there is no low-entropy password to protect from offline guessing, and checking
 * costs microseconds on every request (ADR 0009).
 */
public final class SecretHash {

    /** Shortest auth token an operator may choose through the admin API (a Twilio auth token is 32 characters). */
    public static final int MIN_CHOSEN_LENGTH = 32;

    private static final SecureRandom RANDOM = new SecureRandom();

    private SecretHash() {
    }

    static byte[] of(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    /** Constant-time comparison, so response timing does not reveal how much of a guess was right. */
    static boolean matches(String candidate, byte[] storedHash) {
        return MessageDigest.isEqual(of(candidate), storedHash);
    }

    /** A new secret: 128 random bits as 32 lowercase hex digits. */
    public static String newSecret() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
