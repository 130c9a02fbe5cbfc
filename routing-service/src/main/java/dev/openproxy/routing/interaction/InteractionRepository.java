package dev.openproxy.routing.interaction;

import dev.openproxy.support.paging.PageRequest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;

@Repository
public class InteractionRepository {

    private static final String COLUMNS = "sid, session_sid, service_sid, account_sid, type, data, inbound_participant_sid, "
            + "inbound_resource_sid, inbound_resource_type, inbound_resource_status, outbound_participant_sid, "
            + "outbound_resource_sid, outbound_resource_type, outbound_resource_status, date_created, date_updated";
    private static final RowMapper<InteractionRow> ROW = (rs, i) -> new InteractionRow(rs.getString("sid"),
            rs.getString("session_sid"), rs.getString("service_sid"), rs.getString("account_sid"), rs.getString("type"),
            rs.getString("data"), rs.getString("inbound_participant_sid"), rs.getString("inbound_resource_sid"),
            rs.getString("inbound_resource_type"), rs.getString("inbound_resource_status"),
            rs.getString("outbound_participant_sid"), rs.getString("outbound_resource_sid"),
            rs.getString("outbound_resource_type"), rs.getString("outbound_resource_status"),
            rs.getTimestamp("date_created").toInstant(), rs.getTimestamp("date_updated").toInstant());

    private final JdbcTemplate jdbc;

    public InteractionRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Also finds deleted ones: a retried webhook of a deleted interaction must not relay again. */
    public boolean existsForInbound(String inboundResourceSid) {
        Integer count = jdbc.queryForObject("SELECT count(*) FROM interactions WHERE inbound_resource_sid = ?",
                Integer.class, inboundResourceSid);
        return count != null && count > 0;
    }

    /** By SID alone, for this service's own use (webhooks); never for an API request, which must name its owner. */
    public Optional<InteractionRow> findLive(String sid) {
        return jdbc.query("SELECT " + COLUMNS + " FROM interactions WHERE sid = ? AND NOT deleted", ROW, sid).stream()
                .findFirst();
    }

    public Optional<InteractionRow> find(String accountSid, String serviceSid, String sessionSid, String sid) {
        return jdbc.query("SELECT " + COLUMNS + " FROM interactions WHERE sid = ? AND account_sid = ? AND service_sid = ? "
                + "AND session_sid = ? AND NOT deleted", ROW, sid, accountSid, serviceSid, sessionSid).stream().findFirst();
    }

    /** The MessageInteractions of a participant: interactions with no inbound leg sent to it. */
    public Optional<InteractionRow> findMessageInteraction(String accountSid, String serviceSid, String sessionSid,
                                                           String participantSid, String sid) {
        return jdbc.query("SELECT " + COLUMNS + " FROM interactions WHERE sid = ? AND account_sid = ? AND service_sid = ? "
                        + "AND session_sid = ? AND outbound_participant_sid = ? AND inbound_resource_sid IS NULL AND NOT deleted",
                ROW, sid, accountSid, serviceSid, sessionSid, participantSid).stream().findFirst();
    }

    public List<InteractionRow> messageInteractionPage(String accountSid, String serviceSid, String sessionSid,
                                                       String participantSid, PageRequest page) {
        String where = "account_sid = ? AND service_sid = ? AND session_sid = ? AND outbound_participant_sid = ? "
                + "AND inbound_resource_sid IS NULL AND NOT deleted";
        if (page.after() == null) {
            return jdbc.query("SELECT " + COLUMNS + " FROM interactions WHERE " + where + " ORDER BY date_created, sid LIMIT ?",
                    ROW, accountSid, serviceSid, sessionSid, participantSid, page.limit() + 1);
        }
        return jdbc.query("SELECT " + COLUMNS + " FROM interactions WHERE " + where + " AND (date_created, sid) > (?, ?) "
                        + "ORDER BY date_created, sid LIMIT ?", ROW, accountSid, serviceSid, sessionSid, participantSid,
                Timestamp.from(page.after().createdAt()), page.after().sid(), page.limit() + 1);
    }

    public List<InteractionRow> page(String accountSid, String serviceSid, String sessionSid, PageRequest page) {
        if (page.after() == null) {
            return jdbc.query("SELECT " + COLUMNS + " FROM interactions WHERE account_sid = ? AND service_sid = ? "
                            + "AND session_sid = ? AND NOT deleted ORDER BY date_created, sid LIMIT ?", ROW, accountSid,
                    serviceSid, sessionSid, page.limit() + 1);
        }
        return jdbc.query("SELECT " + COLUMNS + " FROM interactions WHERE account_sid = ? AND service_sid = ? "
                        + "AND session_sid = ? AND NOT deleted AND (date_created, sid) > (?, ?) ORDER BY date_created, sid "
                        + "LIMIT ?", ROW, accountSid, serviceSid, sessionSid, Timestamp.from(page.after().createdAt()),
                page.after().sid(), page.limit() + 1);
    }
}
