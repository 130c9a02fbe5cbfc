package dev.openproxy.session.sessions.query;

import dev.openproxy.support.paging.PageRequest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads and writes of the {@code sessions} read model. API reads are scoped to account and Service. */
@Repository
public class SessionRepository {

    private static final String COLUMNS = "sid, service_sid, account_sid, unique_name, status, mode, ttl, date_expiry, "
            + "date_started, date_ended, date_last_interaction, closed_reason, last_activity, date_created, date_updated";

    private static final RowMapper<SessionRow> ROW = (rs, i) -> new SessionRow(
            rs.getString("sid"),
            rs.getString("service_sid"),
            rs.getString("account_sid"),
            rs.getString("unique_name"),
            rs.getString("status"),
            rs.getString("mode"),
            rs.getInt("ttl"),
            instant(rs, "date_expiry"),
            instant(rs, "date_started"),
            instant(rs, "date_ended"),
            instant(rs, "date_last_interaction"),
            rs.getString("closed_reason"),
            instant(rs, "last_activity"),
            instant(rs, "date_created"),
            instant(rs, "date_updated"));

    private final JdbcTemplate jdbc;

    public SessionRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<SessionRow> find(String accountSid, String serviceSid, String sid) {
        return jdbc.query("SELECT " + COLUMNS + " FROM sessions WHERE account_sid = ? AND service_sid = ? AND sid = ?",
                ROW, accountSid, serviceSid, sid).stream().findFirst();
    }

    public Optional<SessionRow> findByUniqueName(String accountSid, String serviceSid, String uniqueName) {
        return jdbc.query("SELECT " + COLUMNS + " FROM sessions WHERE account_sid = ? AND service_sid = ? AND unique_name = ?",
                ROW, accountSid, serviceSid, uniqueName).stream().findFirst();
    }

    public boolean uniqueNameTaken(String serviceSid, String uniqueName) {
        Integer count = jdbc.queryForObject("SELECT count(*) FROM sessions WHERE service_sid = ? AND unique_name = ?",
                Integer.class, serviceSid, uniqueName);
        return count != null && count > 0;
    }

    /** One page in (date_created, sid) order, with one extra row to tell whether a next page exists. */
    public List<SessionRow> page(String accountSid, String serviceSid, PageRequest page) {
        if (page.after() == null) {
            return jdbc.query("SELECT " + COLUMNS + " FROM sessions WHERE account_sid = ? AND service_sid = ? "
                    + "ORDER BY date_created, sid LIMIT ?", ROW, accountSid, serviceSid, page.limit() + 1);
        }
        return jdbc.query("SELECT " + COLUMNS + " FROM sessions WHERE account_sid = ? AND service_sid = ? "
                        + "AND (date_created, sid) > (?, ?) ORDER BY date_created, sid LIMIT ?",
                ROW, accountSid, serviceSid, Timestamp.from(page.after().createdAt()), page.after().sid(), page.limit() + 1);
    }

    public List<String> sidsOfService(String serviceSid) {
        return jdbc.queryForList("SELECT sid FROM sessions WHERE service_sid = ? ORDER BY date_created, sid",
                String.class, serviceSid);
    }

    /** Sessions whose Ttl or DateExpiry has been reached, oldest due first. */
    public List<String> dueForExpiry(Instant now, int limit) {
        return jdbc.queryForList("SELECT sid FROM sessions WHERE expires_at <= ? ORDER BY expires_at LIMIT ?",
                String.class, Timestamp.from(now), limit);
    }

    /** Session counts by status, for the sessions-by-status gauge. */
    public Map<String, Long> countByStatus() {
        Map<String, Long> counts = new java.util.HashMap<>();
        jdbc.query("SELECT status, count(*) AS n FROM sessions GROUP BY status",
                rs -> {
                    counts.put(rs.getString("status"), rs.getLong("n"));
                });
        return counts;
    }

    Optional<SessionRow> findBySid(String sid) {
        return jdbc.query("SELECT " + COLUMNS + " FROM sessions WHERE sid = ?", ROW, sid).stream().findFirst();
    }

    void insert(SessionRow row, Instant expiresAt) {
        jdbc.update("INSERT INTO sessions (" + COLUMNS + ", expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                row.sid(), row.serviceSid(), row.accountSid(), row.uniqueName(), row.status(), row.mode(), row.ttl(),
                ts(row.dateExpiry()), ts(row.dateStarted()), ts(row.dateEnded()), ts(row.dateLastInteraction()),
                row.closedReason(), ts(row.lastActivity()), ts(row.dateCreated()), ts(row.dateUpdated()), ts(expiresAt));
    }

    void updateExpiry(String sid, int ttl, Instant dateExpiry, Instant expiresAt, Instant updated) {
        jdbc.update("UPDATE sessions SET ttl = ?, date_expiry = ?, expires_at = ?, date_updated = ? WHERE sid = ?",
                ttl, ts(dateExpiry), ts(expiresAt), ts(updated), sid);
    }

    void markReopened(String sid, Instant reopenedAt, Instant expiresAt) {
        jdbc.update("UPDATE sessions SET status = 'in-progress', closed_reason = NULL, date_ended = NULL, "
                + "last_activity = ?, expires_at = ?, date_updated = ? WHERE sid = ?",
                ts(reopenedAt), ts(expiresAt), ts(reopenedAt), sid);
    }

    void markInteraction(String sid, String status, Instant at, Instant expiresAt) {
        jdbc.update("UPDATE sessions SET status = ?, date_last_interaction = ?, last_activity = ?, expires_at = ?, "
                + "date_updated = ? WHERE sid = ?", status, ts(at), ts(at), ts(expiresAt), ts(at), sid);
    }

    void markClosed(String sid, String reason, Instant endedAt) {
        jdbc.update("UPDATE sessions SET status = 'closed', closed_reason = ?, date_ended = ?, expires_at = NULL, "
                + "date_updated = ? WHERE sid = ?", reason, ts(endedAt), ts(endedAt), sid);
    }

    void delete(String sid) {
        jdbc.update("DELETE FROM sessions WHERE sid = ?", sid);
    }

    void deleteAllOfService(String serviceSid) {
        jdbc.update("DELETE FROM sessions WHERE service_sid = ?", serviceSid);
    }

    void deleteAll() {
        jdbc.update("DELETE FROM sessions");
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
