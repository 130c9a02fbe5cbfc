package dev.openproxy.numberpool.usage;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.util.List;
import java.util.Optional;

/**
 * Who uses which pool number: Participants and their proxy number ({@code participant_assignments}) and whether
 * their Session is active ({@code session_states}), from participant-service's and session-service's events.
 * {@code in_use} (Twilio: "the number of open session assigned to the number") and the active participant count
 * of a number are recounted from both tables, so the result does not depend on the order in which the two topics
 * are read: a close read before the participant it ends still leaves the participant uncounted.
 */
@Repository
public class PoolUsageRepository {

    public static final String ACTIVE = "active";
    public static final String CLOSED = "closed";
    public static final String DELETED = "deleted";

    /** A number's usage before and after a recount. */
    public record Recount(String phoneNumberSid, String serviceSid, int participantsBefore, int participantsAfter) {
    }

    private final JdbcTemplate jdbc;

    public PoolUsageRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Not for a Session already deleted (its participant arrived late, on the other topic): the deletion forgot its
     * assignments, and a row kept now would depend on the order of the two topics (a rebuild reads them in another).
     */
    public void assign(String participantSid, String sessionSid, String serviceSid, String phoneNumberSid) {
        jdbc.update("INSERT INTO participant_assignments (participant_sid, session_sid, service_sid, phone_number_sid) "
                + "SELECT ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM session_states WHERE session_sid = ? AND state = ?) "
                + "ON CONFLICT (participant_sid) DO NOTHING",
                participantSid, sessionSid, serviceSid, phoneNumberSid, sessionSid, DELETED);
    }

    /** @return the number the participant used, if it was known */
    public Optional<String> unassign(String participantSid) {
        return jdbc.queryForList("DELETE FROM participant_assignments WHERE participant_sid = ? RETURNING phone_number_sid",
                String.class, participantSid).stream().findFirst();
    }

    /**
     * Records a Session's state. A deleted Session stays deleted: its tombstone outlives the later, out-of-order
     * events of other topics.
     */
    public void sessionState(String sessionSid, String serviceSid, String state) {
        jdbc.update("INSERT INTO session_states (session_sid, service_sid, state) VALUES (?, ?, ?) "
                + "ON CONFLICT (session_sid) DO UPDATE SET state = EXCLUDED.state WHERE session_states.state <> ?",
                sessionSid, serviceSid, state, DELETED);
    }

    /** In SID order, like every multi-number transaction, so two of them never lock numbers in opposite orders. */
    public List<String> numbersOfSession(String sessionSid) {
        return jdbc.queryForList("SELECT DISTINCT phone_number_sid FROM participant_assignments WHERE session_sid = ? "
                        + "ORDER BY phone_number_sid",
                String.class, sessionSid);
    }

    public void forgetSession(String sessionSid) {
        jdbc.update("DELETE FROM participant_assignments WHERE session_sid = ?", sessionSid);
    }

    public void forgetService(String serviceSid) {
        jdbc.update("DELETE FROM participant_assignments WHERE service_sid = ?", serviceSid);
        jdbc.update("DELETE FROM session_states WHERE service_sid = ?", serviceSid);
    }

    /**
     * Recounts one pool number: {@code in_use} = distinct active sessions with a participant on it;
     * {@code active_participants} = those participants. A session this service has not heard of yet counts as
     * active: participants are only added to open sessions.
     *
     * <p>The state of each assignment's Session is looked up by primary key (a subquery per assignment), not joined:
     * with a join PostgreSQL plans a hash join over every Session's state, which read all 100,000 rows of
     * session_states at 100,000 Sessions (docs/performance.md, "Scale"); this reads the number's assignments and one
     * index entry each.
     *
     * @return the change, or empty when the number is not in a pool
     */
    public Optional<Recount> recount(String phoneNumberSid) {
        List<Recount> changed = jdbc.query("""
                        WITH usage AS (
                            SELECT count(DISTINCT a.session_sid) AS sessions, count(a.participant_sid) AS participants
                            FROM participant_assignments a
                            WHERE a.phone_number_sid = ? AND coalesce(
                                (SELECT s.state FROM session_states s WHERE s.session_sid = a.session_sid), 'active')
                                = 'active'),
                        before AS (SELECT sid, active_participants FROM pool_numbers WHERE sid = ? FOR UPDATE)
                        UPDATE pool_numbers p SET in_use = usage.sessions, active_participants = usage.participants
                        FROM usage, before WHERE p.sid = before.sid
                        RETURNING p.sid, p.service_sid, before.active_participants AS participants_before,
                                  p.active_participants AS participants_after""",
                (rs, i) -> new Recount(rs.getString("sid"), rs.getString("service_sid"),
                        rs.getInt("participants_before"), rs.getInt("participants_after")),
                phoneNumberSid, phoneNumberSid);
        return changed.stream().findFirst();
    }

    public void deleteAll() {
        jdbc.update("DELETE FROM participant_assignments");
        jdbc.update("DELETE FROM session_states");
    }
}
