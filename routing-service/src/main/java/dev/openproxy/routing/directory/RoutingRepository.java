package dev.openproxy.routing.directory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The Kafka-fed projections: known_services, known_numbers, known_sessions, routing_table. Writes are idempotent. */
@Repository
public class RoutingRepository {

    private final JdbcTemplate jdbc;

    public RoutingRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void upsertService(String sid, String accountSid, String callbackUrl, String interceptCallbackUrl,
                              String outOfSessionCallbackUrl) {
        jdbc.update("INSERT INTO known_services (sid, account_sid, callback_url, intercept_callback_url, "
                        + "out_of_session_callback_url) VALUES (?, ?, ?, ?, ?) ON CONFLICT (sid) DO UPDATE SET "
                        + "callback_url = EXCLUDED.callback_url, intercept_callback_url = EXCLUDED.intercept_callback_url, "
                        + "out_of_session_callback_url = EXCLUDED.out_of_session_callback_url",
                sid, accountSid, callbackUrl, interceptCallbackUrl, outOfSessionCallbackUrl);
    }

    /** A Service's owner and webhook URLs, if this service has seen it. */
    public Optional<KnownService> service(String sid) {
        return jdbc.query("SELECT sid, account_sid, callback_url, intercept_callback_url, out_of_session_callback_url "
                + "FROM known_services WHERE sid = ?", (rs, i) -> new KnownService(rs.getString("sid"),
                rs.getString("account_sid"), rs.getString("callback_url"), rs.getString("intercept_callback_url"),
                rs.getString("out_of_session_callback_url")), sid).stream().findFirst();
    }

    public void upsertNumber(String phoneNumber, String phoneNumberSid, String serviceSid, String accountSid) {
        jdbc.update("INSERT INTO known_numbers (phone_number, phone_number_sid, service_sid, account_sid) "
                + "VALUES (?, ?, ?, ?) ON CONFLICT (phone_number) DO UPDATE SET phone_number_sid = EXCLUDED.phone_number_sid, "
                + "service_sid = EXCLUDED.service_sid, account_sid = EXCLUDED.account_sid",
                phoneNumber, phoneNumberSid, serviceSid, accountSid);
    }

    /** By SID: the number may already be in another Service's pool under a new SID (another Kafka key). */
    public void deleteNumber(String phoneNumberSid) {
        jdbc.update("DELETE FROM known_numbers WHERE phone_number_sid = ?", phoneNumberSid);
    }

    /** The Service whose pool holds the proxy number. */
    public Optional<String> serviceOfNumber(String phoneNumber) {
        return jdbc.queryForList("SELECT service_sid FROM known_numbers WHERE phone_number = ?", String.class, phoneNumber)
                .stream().findFirst();
    }

    /**
     * A session of the sender on that proxy number that routes no more (closed, or the participant removed), with the
     * partner's row: what Twilio sends the OutOfSessionCallbackUrl as previous-session info. Called only when no
     * session routes the pair; with several former sessions, one of them (SIDs are random, the table keeps no dates).
     */
    public Optional<PreviousSession> previousSession(String sender, String proxyNumber) {
        return senderRow(sender, proxyNumber, false).map(from -> {
            Map<String, Object> partner = partnerRow(from, true);
            return new PreviousSession((String) from.get("session_sid"), (String) from.get("service_sid"),
                    (String) from.get("account_sid"), (String) from.get("mode"), (String) from.get("status"),
                    (String) from.get("participant_sid"), (String) partner.get("participant_sid"),
                    (String) partner.get("identifier"), (String) partner.get("proxy_identifier"));
        });
    }

    /** The sender's routing row on the number, with its session's mode and status; only a routing one if asked. */
    private Optional<Map<String, Object>> senderRow(String sender, String proxyNumber, boolean routingOnly) {
        return jdbc.queryForList("SELECT r.participant_sid, r.session_sid, r.service_sid, r.account_sid, s.mode, s.status "
                + "FROM routing_table r JOIN known_sessions s ON s.sid = r.session_sid "
                + "WHERE r.identifier = ? AND r.proxy_identifier = ?"
                + (routingOnly ? " AND NOT r.removed AND s.status IN ('open', 'in-progress')" : "")
                + " ORDER BY r.session_sid LIMIT 1", sender, proxyNumber).stream().findFirst();
    }

    /** The other participant of the sender's session (empty map: none); a removed one only if asked. */
    private Map<String, Object> partnerRow(Map<String, Object> sender, boolean includeRemoved) {
        return jdbc.queryForList("SELECT participant_sid, identifier, proxy_identifier FROM routing_table "
                        + "WHERE session_sid = ? AND participant_sid <> ?" + (includeRemoved ? "" : " AND NOT removed")
                        + " ORDER BY removed, participant_sid LIMIT 1", sender.get("session_sid"),
                sender.get("participant_sid")).stream().findFirst().orElse(Map.of());
    }

    public void deleteService(String sid) {
        jdbc.update("DELETE FROM known_numbers WHERE service_sid = ?", sid);
        jdbc.update("DELETE FROM known_services WHERE sid = ?", sid);
    }

    public List<String> sessionSidsOfService(String serviceSid) {
        return jdbc.queryForList("SELECT sid FROM known_sessions WHERE service_sid = ?", String.class, serviceSid);
    }

    public void insertSession(String sid, String serviceSid, String accountSid, String mode, String status) {
        jdbc.update("INSERT INTO known_sessions (sid, service_sid, account_sid, mode, status) VALUES (?, ?, ?, ?, ?) "
                + "ON CONFLICT (sid) DO NOTHING", sid, serviceSid, accountSid, mode, status);
    }

    /**
     * The session closed at {@code closedAt}: its retention period starts. A session closed again after a re-open has
     * new content to erase, so the erasure mark is cleared.
     */
    public void closeSession(String sid, Instant closedAt) {
        jdbc.update("UPDATE known_sessions SET status = 'closed', closed_at = ?, content_erased_at = NULL WHERE sid = ?",
                Timestamp.from(closedAt), sid);
    }

    /** A re-opened session is no longer due for retention until it closes again. */
    public void reopenSession(String sid) {
        jdbc.update("UPDATE known_sessions SET status = 'in-progress', closed_at = NULL WHERE sid = ?", sid);
    }

    /**
     * A deleted session takes its routes (phone numbers), interactions, unsent legs and the sandbox carrier's log of
     * its SMS with it.
     */
    public void deleteSession(String sid) {
        jdbc.update("DELETE FROM routing_table WHERE session_sid = ?", sid);
        jdbc.update("DELETE FROM sandbox_messages WHERE interaction_sid IN "
                + "(SELECT sid FROM interactions WHERE session_sid = ?)", sid);
        jdbc.update("DELETE FROM outbound_messages WHERE session_sid = ?", sid);
        jdbc.update("DELETE FROM interactions WHERE session_sid = ?", sid);
        jdbc.update("DELETE FROM known_sessions WHERE sid = ?", sid);
    }

    public boolean sessionExists(String accountSid, String serviceSid, String sessionSid) {
        Integer count = jdbc.queryForObject("SELECT count(*) FROM known_sessions WHERE sid = ? AND service_sid = ? "
                + "AND account_sid = ?", Integer.class, sessionSid, serviceSid, accountSid);
        return count != null && count > 0;
    }

    public void insertParticipant(String participantSid, String sessionSid, String serviceSid, String accountSid,
                                  String identifier, String proxyIdentifier) {
        jdbc.update("INSERT INTO routing_table (participant_sid, session_sid, service_sid, account_sid, identifier, "
                        + "proxy_identifier) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (participant_sid) DO NOTHING",
                participantSid, sessionSid, serviceSid, accountSid, identifier, proxyIdentifier);
    }

    public void removeParticipant(String participantSid) {
        jdbc.update("UPDATE routing_table SET removed = TRUE WHERE participant_sid = ?", participantSid);
    }

    /** A participant as routing knows it: (session status, identifier, proxy identifier, removed). */
    public Optional<Map<String, Object>> participant(String accountSid, String serviceSid, String sessionSid,
                                                    String participantSid) {
        return jdbc.queryForList("SELECT r.identifier, r.proxy_identifier, r.removed, s.status FROM routing_table r "
                        + "JOIN known_sessions s ON s.sid = r.session_sid WHERE r.participant_sid = ? AND r.session_sid = ? "
                        + "AND r.service_sid = ? AND r.account_sid = ?", participantSid, sessionSid, serviceSid, accountSid)
                .stream().findFirst();
    }

    /** The route of an inbound message or call, if the pair belongs to an open or in-progress session. */
    public Optional<Route> route(String sender, String proxyNumber) {
        return senderRow(sender, proxyNumber, true).map(from -> {
            Map<String, Object> partner = partnerRow(from, false);
            return new Route((String) from.get("account_sid"), (String) from.get("service_sid"),
                    (String) from.get("session_sid"), (String) from.get("mode"), (String) from.get("status"),
                    (String) from.get("participant_sid"), (String) partner.get("participant_sid"),
                    (String) partner.get("identifier"), (String) partner.get("proxy_identifier"));
        });
    }
}
