package dev.openproxy.contracts.sid;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Twilio's SID prefixes (two letters, then 32 lowercase hex digits). One place for all of them, so no
 * service spells "KC" by hand. Source: the {@code pattern}s of Twilio's proxy v1 OpenAPI file.
 */
public enum SidPrefix {
    ACCOUNT("AC"),
    SERVICE("KS"),
    SESSION("KC"),
    PARTICIPANT("KP"),
    INTERACTION("KI"),
    PHONE_NUMBER("PN"),
    CHAT_INSTANCE("IS");

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private final String prefix;
    private final Pattern pattern;

    SidPrefix(String prefix) {
        this.prefix = prefix;
        this.pattern = Pattern.compile("^" + prefix + "[0-9a-fA-F]{32}$");
    }

    public String prefix() {
        return prefix;
    }

    /** A new random SID with this prefix: 128 random bits, so collisions are not a practical concern. */
    public String newSid() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return prefix + HEX.formatHex(bytes);
    }

    public boolean matches(String candidate) {
        return candidate != null && pattern.matcher(candidate).matches();
    }
}
