package dev.openproxy.participant.directory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

import java.util.List;
import java.util.Optional;

/**
 * The projections of other services' events: {@code known_services}, {@code known_sessions}, {@code pool_numbers}.
 * Writes are idempotent (upserts, deletes), so a record applied twice changes nothing.
 */
@Repository
public class DirectoryRepository {

    private static final RowMapper<KnownService> SERVICE = (rs, i) -> new KnownService(rs.getString("sid"),
            rs.getString("account_sid"), rs.getString("geo_match_level"), rs.getString("number_selection_behavior"));
    private static final RowMapper<KnownSession> SESSION = (rs, i) -> new KnownSession(rs.getString("sid"),
            rs.getString("service_sid"), rs.getString("account_sid"), rs.getString("mode"), rs.getString("status"));
    private static final RowMapper<PoolNumber> NUMBER = (rs, i) -> new PoolNumber(rs.getString("sid"),
            rs.getString("service_sid"), rs.getString("account_sid"), rs.getString("phone_number"),
            rs.getString("iso_country"), rs.getBoolean("sms"), rs.getBoolean("mms"), rs.getBoolean("voice"),
            rs.getBoolean("fax"), rs.getBoolean("reserved"));

    private final JdbcTemplate jdbc;

    public DirectoryRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    // Services

    public Optional<KnownService> service(String accountSid, String serviceSid) {
        return jdbc.query("SELECT * FROM known_services WHERE sid = ? AND account_sid = ?", SERVICE, serviceSid, accountSid)
                .stream().findFirst();
    }

    public void upsertService(KnownService service) {
        jdbc.update("INSERT INTO known_services (sid, account_sid, geo_match_level, number_selection_behavior) "
                        + "VALUES (?, ?, ?, ?) ON CONFLICT (sid) DO UPDATE SET geo_match_level = EXCLUDED.geo_match_level, "
                        + "number_selection_behavior = EXCLUDED.number_selection_behavior",
                service.sid(), service.accountSid(), service.geoMatchLevel(), service.numberSelectionBehavior());
    }

    public void deleteService(String serviceSid) {
        jdbc.update("DELETE FROM known_services WHERE sid = ?", serviceSid);
    }

    // Sessions

    public Optional<KnownSession> session(String accountSid, String serviceSid, String sessionSid) {
        return jdbc.query("SELECT * FROM known_sessions WHERE sid = ? AND service_sid = ? AND account_sid = ?",
                SESSION, sessionSid, serviceSid, accountSid).stream().findFirst();
    }

    public Optional<KnownSession> session(String sessionSid) {
        return jdbc.query("SELECT * FROM known_sessions WHERE sid = ?", SESSION, sessionSid).stream().findFirst();
    }

    public void insertSession(KnownSession session) {
        jdbc.update("INSERT INTO known_sessions (sid, service_sid, account_sid, mode, status) VALUES (?, ?, ?, ?, ?) "
                        + "ON CONFLICT (sid) DO NOTHING",
                session.sid(), session.serviceSid(), session.accountSid(), session.mode(), session.status());
    }

    /** Takes the row's lock: a participant being added to this session finishes first, or sees the new status. */
    public void setSessionStatus(String sessionSid, String status) {
        jdbc.update("UPDATE known_sessions SET status = ? WHERE sid = ?", status, sessionSid);
    }

    public void deleteSession(String sessionSid) {
        jdbc.update("DELETE FROM known_sessions WHERE sid = ?", sessionSid);
    }

    public List<String> sessionSidsOfService(String serviceSid) {
        return jdbc.queryForList("SELECT sid FROM known_sessions WHERE service_sid = ?", String.class, serviceSid);
    }

    // Pool numbers

    /**
     * What automatic selection chooses from: the Service's unreserved numbers, plus one reserved number if there is
     * any, so that the selector still tells a pool of only reserved numbers (80207) from an empty one (80205). With
     * Twilio's limits that is at most 501 rows, not the 5,500 of a full pool.
     */
    public List<PoolNumber> poolForAutomaticSelection(String serviceSid) {
        return jdbc.query("SELECT * FROM pool_numbers WHERE service_sid = ? AND (NOT reserved OR sid = "
                        + "(SELECT min(sid) FROM pool_numbers WHERE service_sid = ? AND reserved)) ORDER BY sid",
                NUMBER, serviceSid, serviceSid);
    }

    public Optional<PoolNumber> poolNumberBySid(String serviceSid, String sid) {
        return jdbc.query("SELECT * FROM pool_numbers WHERE service_sid = ? AND sid = ?", NUMBER, serviceSid, sid)
                .stream().findFirst();
    }

    public Optional<PoolNumber> poolNumberByNumber(String serviceSid, String e164) {
        return jdbc.query("SELECT * FROM pool_numbers WHERE service_sid = ? AND phone_number = ?", NUMBER, serviceSid, e164)
                .stream().findFirst();
    }

    public void upsertPoolNumber(PoolNumber number) {
        jdbc.update("INSERT INTO pool_numbers (sid, service_sid, account_sid, phone_number, iso_country, sms, mms, voice, "
                        + "fax, reserved) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (sid) DO UPDATE SET "
                        + "service_sid = EXCLUDED.service_sid, account_sid = EXCLUDED.account_sid, "
                        + "phone_number = EXCLUDED.phone_number, iso_country = EXCLUDED.iso_country, sms = EXCLUDED.sms, "
                        + "mms = EXCLUDED.mms, voice = EXCLUDED.voice, fax = EXCLUDED.fax, reserved = EXCLUDED.reserved",
                number.sid(), number.serviceSid(), number.accountSid(), number.phoneNumber(), number.isoCountry(),
                number.sms(), number.mms(), number.voice(), number.fax(), number.reserved());
    }

    public void setReserved(String sid, boolean reserved) {
        jdbc.update("UPDATE pool_numbers SET reserved = ? WHERE sid = ?", reserved, sid);
    }

    public void deletePoolNumber(String sid) {
        jdbc.update("DELETE FROM pool_numbers WHERE sid = ?", sid);
    }

    public void deletePoolOfService(String serviceSid) {
        jdbc.update("DELETE FROM pool_numbers WHERE service_sid = ?", serviceSid);
    }
}
