package dev.openproxy.routing.directory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The Kafka-fed projections: known_services, known_sessions, routing_table. Writes are idempotent. */
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

    public void deleteService(String sid) {
        jdbc.update("DELETE FROM known_services WHERE sid = ?", sid);
    }

    public List<String> sessionSidsOfService(String serviceSid) {
        return jdbc.queryForList("SELECT sid FROM known_sessions WHERE service_sid = ?", String.class, serviceSid);
    }

    public void insertSession(String sid, String serviceSid, String accountSid, String mode, String status) {
        jdbc.update("INSERT INTO known_sessions (sid, service_sid, account_sid, mode, status) VALUES (?, ?, ?, ?, ?) "
                + "ON CONFLICT (sid) DO NOTHING", sid, serviceSid, accountSid, mode, status);
    }

    public void setSessionStatus(String sid, String status) {
        jdbc.update("UPDATE known_sessions SET status = ? WHERE sid = ?", status, sid);
    }

    /** A deleted session takes its routes (phone numbers), interactions and unsent legs with it. */
    public void deleteSession(String sid) {
        jdbc.update("DELETE FROM routing_table WHERE session_sid = ?", sid);
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
        List<Map<String, Object>> senders = jdbc.queryForList("SELECT r.participant_sid, r.session_sid, r.service_sid, "
                + "r.account_sid, s.mode, s.status FROM routing_table r JOIN known_sessions s ON s.sid = r.session_sid "
                + "WHERE r.identifier = ? AND r.proxy_identifier = ? AND NOT r.removed "
                + "AND s.status IN ('open', 'in-progress') ORDER BY r.session_sid LIMIT 1", sender, proxyNumber);
        if (senders.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> from = senders.get(0);
        String sessionSid = (String) from.get("session_sid");
        String senderSid = (String) from.get("participant_sid");
        List<Map<String, Object>> partners = jdbc.queryForList("SELECT participant_sid, identifier, proxy_identifier "
                + "FROM routing_table WHERE session_sid = ? AND participant_sid <> ? AND NOT removed "
                + "ORDER BY participant_sid LIMIT 1", sessionSid, senderSid);
        Map<String, Object> partner = partners.isEmpty() ? Map.of() : partners.get(0);
        return Optional.of(new Route((String) from.get("account_sid"), (String) from.get("service_sid"), sessionSid,
                (String) from.get("mode"), (String) from.get("status"), senderSid,
                (String) partner.get("participant_sid"), (String) partner.get("identifier"),
                (String) partner.get("proxy_identifier")));
    }
}
