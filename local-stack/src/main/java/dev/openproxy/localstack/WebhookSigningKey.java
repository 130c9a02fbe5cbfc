package dev.openproxy.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * The gateway's webhook-signing key (ADR 0011): {@code PROXY_WEBHOOK_SIGNING_KEY}, else the one kept in the data
 * directory (made on first start, readable by the owner only), so accounts created through the admin interface keep
 * signing their webhooks after a restart.
 */
final class WebhookSigningKey {

    static final String VARIABLE = "PROXY_WEBHOOK_SIGNING_KEY";

    private WebhookSigningKey() {
    }

    static String resolve(Map<String, String> environment, Path file) {
        String configured = environment.get(VARIABLE);
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
        }
        try {
            if (Files.isRegularFile(file)) {
                return Files.readString(file).trim();
            }
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            String encoded = Base64.getEncoder().encodeToString(key);
            Files.createDirectories(file.getParent());
            Files.writeString(file, encoded + System.lineSeparator());
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the data directory's own permissions apply
            }
            return encoded;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot keep the webhook-signing key in " + file, e);
        }
    }
}
