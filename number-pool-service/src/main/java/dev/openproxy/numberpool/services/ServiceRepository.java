package dev.openproxy.numberpool.services;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;

/**
 * The Services that exist ({@code services}), as session-service published them on {@code openproxy.services.v1}:
 * only what the pool needs, the SID and its owner.
 */
@Repository
public class ServiceRepository {

    private final JdbcTemplate jdbc;

    public ServiceRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public boolean exists(String accountSid, String serviceSid) {
        Integer count = jdbc.queryForObject("SELECT count(*) FROM services WHERE sid = ? AND account_sid = ?",
                Integer.class, serviceSid, accountSid);
        return count != null && count > 0;
    }

    /**
     * Like {@link #exists}, holding a share lock on the row until the transaction ends: a concurrent deletion of the
     * Service waits for this transaction, then finds (and removes) the number this transaction adds.
     */
    public boolean existsLocked(String accountSid, String serviceSid) {
        return !jdbc.queryForList("SELECT 1 FROM services WHERE sid = ? AND account_sid = ? FOR SHARE", Integer.class,
                serviceSid, accountSid).isEmpty();
    }

    public void insert(String serviceSid, String accountSid, Instant created) {
        jdbc.update("INSERT INTO services (sid, account_sid, date_created) VALUES (?, ?, ?) ON CONFLICT (sid) DO NOTHING",
                serviceSid, accountSid, Timestamp.from(created));
    }

    public void delete(String serviceSid) {
        jdbc.update("DELETE FROM services WHERE sid = ?", serviceSid);
    }
}
