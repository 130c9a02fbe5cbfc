package dev.openproxy.routing.carrier;

import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.security.SecureRandom;

/**
 * The built-in carrier when no PROXY_CARRIER_BASE_URL is set: it "sends" by recording in sandbox_messages, with the
 * Interaction the leg belongs to, so that the record is erased with it (Interaction, Session or Service DELETE,
 * retention: InteractionContent). A leg whose Interaction was erased while it was being sent is not recorded.
 */
public class SandboxCarrier implements Carrier {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcTemplate jdbc;

    public SandboxCarrier(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public static String newMessageSid() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return "SM" + HexFormat.of().formatHex(bytes);
    }

    @Override
    public SentMessage sendSms(String from, String to, String body, String statusCallback, String idempotencyKey) {
        String sid = newMessageSid();
        // idempotencyKey is the interaction SID (Carrier's contract).
        jdbc.update("INSERT INTO sandbox_messages (sid, from_number, to_number, body, status_callback, date_created, "
                        + "interaction_sid) SELECT ?, ?, ?, ?, ?, ?, i.sid FROM interactions i WHERE i.sid = ? AND NOT i.deleted "
                        + "AND NOT EXISTS (SELECT 1 FROM known_sessions s WHERE s.sid = i.session_sid "
                        + "AND s.content_erased_at IS NOT NULL)",
                sid, from, to, body, statusCallback, Timestamp.from(Instant.now()), idempotencyKey);
        return new SentMessage(sid, "sent");
    }
}
