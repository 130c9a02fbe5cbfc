package dev.openproxy.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 of an auth token. Tokens are long random secrets (Twilio's are 32 hex characters), so a plain
 * hash is enough: there is no low-entropy password to protect from offline guessing.
 */
final class AuthTokenHash {

    private AuthTokenHash() {
    }

    static byte[] of(String authToken) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(authToken.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    /** Constant-time comparison, so response timing does not reveal how much of a guess was right. */
    static boolean matches(String candidateToken, byte[] storedHash) {
        return MessageDigest.isEqual(of(candidateToken), storedHash);
    }
}
