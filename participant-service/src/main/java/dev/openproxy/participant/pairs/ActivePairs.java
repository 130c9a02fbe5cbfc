package dev.openproxy.participant.pairs;

import dev.openproxy.contracts.api.ErrorCode;
import dev.openproxy.participant.participants.command.PairReservations;
import dev.openproxy.support.jdbc.UniqueViolations;
import dev.openproxy.support.web.TwilioApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code active_pairs} table: which session each active (identifier, proxy number) pair belongs to. Its unique
 * index is the pair rule; every method here runs in the caller's transaction. Why it is race-free:
 * docs/adr/0008-proxy-number-pairs.md.
 */
@Component
public class ActivePairs implements PairReservations {

    /** The unique index on (identifier_digest, proxy_number_sid). */
    public static final String PAIR_INDEX = "active_pairs_pair";

    private static final Logger log = LoggerFactory.getLogger(ActivePairs.class);

    private final JdbcTemplate jdbc;

    public ActivePairs(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Locks the session's row (shared) before inserting, so a close or delete of the session applied from Kafka
     * either waits for this transaction (and then removes the new pair with the others) or is seen by it.
     */
    @Override
    public void reserve(String sessionSid, String participantSid, String identifier, String proxyNumberSid) {
        List<String> status = jdbc.queryForList("SELECT status FROM known_sessions WHERE sid = ? FOR SHARE",
                String.class, sessionSid);
        if (status.isEmpty()) {
            throw TwilioApiException.notFound("/Sessions/" + sessionSid);
        }
        if (!SessionStatuses.isActive(status.get(0))) {
            throw sessionClosed();
        }
        try {
            jdbc.update("INSERT INTO active_pairs (identifier_digest, proxy_number_sid, session_sid, participant_sid) "
                    + "VALUES (?, ?, ?, ?)", IdentifierDigest.of(identifier), proxyNumberSid, sessionSid, participantSid);
        } catch (DataAccessException e) {
            if (UniqueViolations.isViolationOf(e, PAIR_INDEX)) {
                throw new PairTakenException(proxyNumberSid);
            }
            throw e;
        }
    }

    public static TwilioApiException sessionClosed() {
        return new TwilioApiException(ErrorCode.SESSION_CLOSED,
                "Session is closed and cannot be updated: participants can only join an open or in-progress Session");
    }

    public void releaseParticipant(String participantSid) {
        jdbc.update("DELETE FROM active_pairs WHERE participant_sid = ?", participantSid);
    }

    public void releaseSession(String sessionSid) {
        lockLoadOf("SELECT proxy_number_sid, hashtext(participant_sid) & 15 FROM active_pairs WHERE session_sid = ?",
                sessionSid);
        jdbc.update("DELETE FROM active_pairs WHERE session_sid = ?", sessionSid);
    }

    /**
     * Locks, in (number, shard) order, the {@code pool_number_load} rows that the trigger on {@code active_pairs}
     * will change for the pairs the query names (V4 migration). A statement that inserts or deletes several pairs
     * would otherwise lock them in row order, and two such statements over the same numbers could deadlock. Rows
     * missing yet are created at 0 so that they are locked too. Across statements the order is not global: a Service
     * deletion releases its Sessions one after the other in one transaction, and if it meets another multi-pair
     * change over the same numbers at that moment, PostgreSQL aborts one of them, which its Kafka listener retries.
     */
    private void lockLoadOf(String numbersAndShards, String sessionSid) {
        jdbc.update("INSERT INTO pool_number_load (proxy_number_sid, shard, active_pairs) "
                + "SELECT DISTINCT p.proxy_number_sid, p.shard, 0 "
                + "FROM (" + numbersAndShards + ") AS p (proxy_number_sid, shard) "
                + "ORDER BY 1, 2 ON CONFLICT (proxy_number_sid, shard) DO UPDATE SET active_pairs = "
                + "pool_number_load.active_pairs", sessionSid);
    }

    /**
     * Re-inserts the pairs of the session's participants that are not removed. Rows of participants are locked, so
     * a concurrent removal either waits or is seen; pairs are inserted in a fixed order, so two reactivations cannot
     * deadlock.
     *
     * @return the pairs that another session holds; empty when every pair is now this session's. The caller rolls
     * back when it must not keep a partial result.
     */
    public List<String> reinsertPairsOf(String sessionSid) {
        List<Map<String, Object>> participants = jdbc.queryForList(
                "SELECT sid, identifier_digest, proxy_identifier_sid FROM participants "
                        + "WHERE session_sid = ? AND date_deleted IS NULL AND proxy_identifier_sid IS NOT NULL "
                        + "ORDER BY identifier_digest, proxy_identifier_sid FOR UPDATE", sessionSid);
        lockLoadOf("SELECT proxy_identifier_sid, hashtext(sid) & 15 FROM participants WHERE session_sid = ? "
                + "AND date_deleted IS NULL AND proxy_identifier_sid IS NOT NULL", sessionSid);
        List<String> heldElsewhere = new java.util.ArrayList<>();
        for (Map<String, Object> participant : participants) {
            String digest = (String) participant.get("identifier_digest");
            String number = (String) participant.get("proxy_identifier_sid");
            Optional<String> holder = Optional.empty();
            // The row that blocked the insert may be gone by the time it is read (its session just closed): try again.
            for (int attempt = 0; attempt < 5 && holder.isEmpty(); attempt++) {
                jdbc.update("INSERT INTO active_pairs (identifier_digest, proxy_number_sid, session_sid, participant_sid) "
                        + "VALUES (?, ?, ?, ?) ON CONFLICT (identifier_digest, proxy_number_sid) DO NOTHING",
                        digest, number, sessionSid, participant.get("sid"));
                holder = holder(digest, number);
            }
            if (!holder.map(sessionSid::equals).orElse(false)) {
                heldElsewhere.add((String) participant.get("sid"));
            }
        }
        return heldElsewhere;
    }

    /** On {@code session.reopened}: normally a no-op (the reactivation inserted the pairs); restores what is free. */
    public void restoreAfterReopen(String sessionSid) {
        List<String> lost = reinsertPairsOf(sessionSid);
        if (!lost.isEmpty()) {
            log.warn("Session {} re-opened without a reactivation; participants {} keep proxy numbers that another "
                    + "session holds", sessionSid, lost);
        }
    }

    /** The proxy numbers this identifier uses in active sessions. */
    public Set<String> numbersUsedBy(String identifierDigest) {
        return new HashSet<>(jdbc.queryForList("SELECT proxy_number_sid FROM active_pairs WHERE identifier_digest = ?",
                String.class, identifierDigest));
    }

    /** The session holding the pair, if any. */
    public Optional<String> holder(String identifierDigest, String proxyNumberSid) {
        return jdbc.queryForList("SELECT session_sid FROM active_pairs WHERE identifier_digest = ? AND proxy_number_sid = ?",
                String.class, identifierDigest, proxyNumberSid).stream().findFirst();
    }

    /**
     * Active participants per proxy number of a Service's unreserved pool: the load that selection spreads. Read from
     * {@code pool_number_load}, which a trigger keeps in step with {@code active_pairs} (V4 migration), so this reads
     * at most 16 rows per number however many Sessions are active. Numbers with no active participant are absent.
     */
    public Map<String, Integer> loadOfPool(String serviceSid) {
        Map<String, Integer> load = new HashMap<>();
        jdbc.query("SELECT l.proxy_number_sid, sum(l.active_pairs) AS n FROM pool_number_load l JOIN pool_numbers p "
                        + "ON p.sid = l.proxy_number_sid WHERE p.service_sid = ? AND NOT p.reserved "
                        + "GROUP BY l.proxy_number_sid",
                rs -> {
                    load.put(rs.getString("proxy_number_sid"), rs.getInt("n"));
                }, serviceSid);
        return load;
    }
}
