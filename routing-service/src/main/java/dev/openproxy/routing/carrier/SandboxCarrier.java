package dev.openproxy.routing.carrier;

import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.security.SecureRandom;

/** The built-in carrier when no PROXY_CARRIER_BASE_URL is set: it "sends" by recording in sandbox_messages. */
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
        jdbc.update("INSERT INTO sandbox_messages (sid, from_number, to_number, body, status_callback, date_created) "
                + "VALUES (?, ?, ?, ?, ?, ?)", sid, from, to, body, statusCallback, Timestamp.from(Instant.now()));
        return new SentMessage(sid, "sent");
    }
}
