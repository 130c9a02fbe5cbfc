package dev.openproxy.numberpool.phonenumbers.query;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Per-Service counts of reserved and unreserved numbers ({@code pool_capacity}). A count is raised only with a
 * conditional UPDATE in the command's transaction: PostgreSQL locks the row, so a concurrent add waits and then
 * re-checks the condition against the committed count; no interleaving of adds can pass the limit.
 */
@Repository
public class PoolCapacity {

    private final JdbcTemplate jdbc;

    public PoolCapacity(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Counts one more number in the given half of the pool; false (nothing changed) when that half is full. */
    boolean tryAdd(String serviceSid, boolean reserved, int limit) {
        jdbc.update("INSERT INTO pool_capacity (service_sid) VALUES (?) ON CONFLICT (service_sid) DO NOTHING", serviceSid);
        String column = column(reserved);
        return jdbc.update("UPDATE pool_capacity SET " + column + " = " + column + " + 1 WHERE service_sid = ? AND "
                + column + " < ?", serviceSid, limit) == 1;
    }

    /** Moves one number between the halves; false (nothing changed) when the target half is full. */
    boolean tryMove(String serviceSid, boolean toReserved, int limit) {
        String to = column(toReserved);
        String from = column(!toReserved);
        return jdbc.update("UPDATE pool_capacity SET " + to + " = " + to + " + 1, " + from + " = " + from + " - 1 "
                + "WHERE service_sid = ? AND " + to + " < ?", serviceSid, limit) == 1;
    }

    void remove(String serviceSid, boolean reserved) {
        String column = column(reserved);
        jdbc.update("UPDATE pool_capacity SET " + column + " = " + column + " - 1 WHERE service_sid = ?", serviceSid);
    }

    void deleteAll() {
        jdbc.update("DELETE FROM pool_capacity");
    }

    private static String column(boolean reserved) {
        return reserved ? "reserved" : "unreserved";
    }
}
