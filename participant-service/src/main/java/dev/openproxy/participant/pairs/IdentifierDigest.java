package dev.openproxy.participant.pairs;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 (hex) of a normalised identifier: the key of {@code active_pairs} and of sticky look-ups. It keeps the
 * phone number out of index keys, which PostgreSQL prints in constraint errors and its server log. Not an
 * anonymisation (the space of phone numbers is small): the participants table holds the identifier itself.
 */
public final class IdentifierDigest {

    private IdentifierDigest() {
    }

    public static String of(String identifier) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(identifier.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
