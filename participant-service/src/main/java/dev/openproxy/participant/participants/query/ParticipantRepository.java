package dev.openproxy.participant.participants.query;

import dev.openproxy.participant.pairs.IdentifierDigest;
import dev.openproxy.support.paging.PageRequest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Reads and writes of the {@code participants} read model. API reads are scoped to account, Service and Session. */
@Repository
public class ParticipantRepository {

    private static final String COLUMNS = "sid, account_sid, service_sid, session_sid, identifier, friendly_name, "
            + "proxy_identifier, proxy_identifier_sid, date_created, date_updated, date_deleted";

    private static final RowMapper<ParticipantRow> ROW = (rs, i) -> new ParticipantRow(
            rs.getString("sid"),
            rs.getString("account_sid"),
            rs.getString("service_sid"),
            rs.getString("session_sid"),
            rs.getString("identifier"),
            rs.getString("friendly_name"),
            rs.getString("proxy_identifier"),
            rs.getString("proxy_identifier_sid"),
            instant(rs, "date_created"),
            instant(rs, "date_updated"),
            instant(rs, "date_deleted"));

    private final JdbcTemplate jdbc;

    public ParticipantRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<ParticipantRow> find(String accountSid, String serviceSid, String sessionSid, String sid) {
        return jdbc.query("SELECT " + COLUMNS + " FROM participants WHERE account_sid = ? AND service_sid = ? "
                + "AND session_sid = ? AND sid = ?", ROW, accountSid, serviceSid, sessionSid, sid).stream().findFirst();
    }

    /** Every participant of the session, removed ones included, in list order. */
    public List<ParticipantRow> ofSession(String sessionSid) {
        return jdbc.query("SELECT " + COLUMNS + " FROM participants WHERE session_sid = ? ORDER BY date_created, sid",
                ROW, sessionSid);
    }

    /** One page in (date_created, sid) order, with one extra row to tell whether a next page exists. */
    public List<ParticipantRow> page(String accountSid, String serviceSid, String sessionSid, PageRequest page) {
        if (page.after() == null) {
            return jdbc.query("SELECT " + COLUMNS + " FROM participants WHERE account_sid = ? AND service_sid = ? "
                    + "AND session_sid = ? ORDER BY date_created, sid LIMIT ?", ROW, accountSid, serviceSid, sessionSid,
                    page.limit() + 1);
        }
        return jdbc.query("SELECT " + COLUMNS + " FROM participants WHERE account_sid = ? AND service_sid = ? "
                        + "AND session_sid = ? AND (date_created, sid) > (?, ?) ORDER BY date_created, sid LIMIT ?",
                ROW, accountSid, serviceSid, sessionSid, Timestamp.from(page.after().createdAt()), page.after().sid(),
                page.limit() + 1);
    }

    /** The proxy number the identifier had most recently in this Service (for NumberSelectionBehavior), if any. */
    public Optional<String> mostRecentNumber(String serviceSid, String identifierDigest) {
        return jdbc.queryForList("SELECT proxy_identifier_sid FROM participants WHERE service_sid = ? "
                        + "AND identifier_digest = ? AND proxy_identifier_sid IS NOT NULL "
                        + "ORDER BY date_created DESC, sid DESC LIMIT 1", String.class, serviceSid, identifierDigest)
                .stream().findFirst();
    }

    void insert(ParticipantRow row) {
        jdbc.update("INSERT INTO participants (" + COLUMNS + ", identifier_digest) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                row.sid(), row.accountSid(), row.serviceSid(), row.sessionSid(), row.identifier(), row.friendlyName(),
                row.proxyIdentifier(), row.proxyIdentifierSid(), ts(row.dateCreated()), ts(row.dateUpdated()),
                ts(row.dateDeleted()), IdentifierDigest.of(row.identifier()));
    }

    void markRemoved(String sid, Instant removedAt) {
        jdbc.update("UPDATE participants SET date_deleted = ?, date_updated = ? WHERE sid = ?",
                ts(removedAt), ts(removedAt), sid);
    }

    /** Participants are only permanently deleted with their Session (Twilio's DeleteParticipant description). */
    public void deleteAllOfSession(String sessionSid) {
        jdbc.update("DELETE FROM participants WHERE session_sid = ?", sessionSid);
    }

    void deleteAll() {
        jdbc.update("DELETE FROM participants");
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
