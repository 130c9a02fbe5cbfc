package dev.openproxy.localstack;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The account the gateway creates at start-up and that a developer uses with curl or a Twilio helper library.
 * Taken from {@code PROXY_ACCOUNT_SID} / {@code PROXY_AUTH_TOKEN} when set, otherwise generated once and kept in
 * the data directory, so every run of the stack prints (and accepts) the same pair.
 */
public record Credentials(String accountSid, String authToken) {

    public static final String SID_VARIABLE = "PROXY_ACCOUNT_SID";
    public static final String TOKEN_VARIABLE = "PROXY_AUTH_TOKEN";

    private static final Pattern ACCOUNT_SID = Pattern.compile("AC[0-9a-f]{32}");
    private static final Pattern AUTH_TOKEN = Pattern.compile("[\\x21-\\x7e]{8,128}");
    private static final SecureRandom RANDOM = new SecureRandom();

    public Credentials {
        if (accountSid == null || !ACCOUNT_SID.matcher(accountSid).matches()) {
            throw new IllegalArgumentException("An account SID is 'AC' followed by 32 lowercase hex digits, got '"
                    + accountSid + "'");
        }
        if (authToken == null || !AUTH_TOKEN.matcher(authToken).matches()) {
            throw new IllegalArgumentException(
                    "An auth token is 8 to 128 printable ASCII characters without spaces");
        }
    }

    /** A new random account: {@code AC} + 32 hex digits, and a 32 hex digit token (Twilio's shapes). */
    public static Credentials generate() {
        return new Credentials("AC" + randomHex(16), randomHex(16));
    }

    /**
     * The environment's pair when both variables are set; else the pair stored in {@code file}; else a new pair,
     * stored there (owner-readable only) for the next run.
     */
    public static Credentials resolve(Map<String, String> environment, Path file) {
        String sid = blankToNull(environment.get(SID_VARIABLE));
        String token = blankToNull(environment.get(TOKEN_VARIABLE));
        if (sid != null && token != null) {
            return new Credentials(sid, token);
        }
        if (sid != null || token != null) {
            throw new IllegalArgumentException("Set both " + SID_VARIABLE + " and " + TOKEN_VARIABLE
                    + ", or neither (then the stack uses the pair kept in " + file + ")");
        }
        if (Files.isRegularFile(file)) {
            return load(file);
        }
        Credentials generated = generate();
        generated.store(file);
        return generated;
    }

    public static Credentials load(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + file, e);
        }
        try {
            return new Credentials(properties.getProperty("account-sid"), properties.getProperty("auth-token"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid credentials in " + file + " (delete it to get a new pair): "
                    + e.getMessage(), e);
        }
    }

    public void store(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                writer.write("# The account of the local OpenProxy stack (delete this file for a new one).\n");
                writer.write("account-sid=" + accountSid + "\n");
                writer.write("auth-token=" + authToken + "\n");
            }
            restrictToOwner(temporary);
            Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + file, e);
        }
    }

    @Override
    public String toString() {
        return "Credentials[accountSid=" + accountSid + ", authToken=(hidden)]";
    }

    private static void restrictToOwner(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the user's profile folder already restricts access
        }
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
