package dev.openproxy.session.services.query;

import dev.openproxy.contracts.events.service.ServiceSettings;
import dev.openproxy.support.paging.PageRequest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Reads and writes of the {@code services} read model. Every read is scoped to the caller's account. */
@Repository
public class ServiceRepository {

    private static final String COLUMNS = "sid, account_sid, unique_name, default_ttl, callback_url, geo_match_level, "
            + "number_selection_behavior, intercept_callback_url, out_of_session_callback_url, chat_instance_sid, "
            + "date_created, date_updated";

    private static final RowMapper<ServiceRow> ROW = (rs, i) -> new ServiceRow(
            rs.getString("sid"),
            rs.getString("account_sid"),
            new ServiceSettings(
                    rs.getString("unique_name"),
                    rs.getInt("default_ttl"),
                    rs.getString("callback_url"),
                    rs.getString("geo_match_level"),
                    rs.getString("number_selection_behavior"),
                    rs.getString("intercept_callback_url"),
                    rs.getString("out_of_session_callback_url"),
                    rs.getString("chat_instance_sid")),
            rs.getTimestamp("date_created").toInstant(),
            rs.getTimestamp("date_updated").toInstant());

    private final JdbcTemplate jdbc;

    public ServiceRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<ServiceRow> findBySid(String accountSid, String sid) {
        return jdbc.query("SELECT " + COLUMNS + " FROM services WHERE account_sid = ? AND sid = ?", ROW, accountSid, sid)
                .stream().findFirst();
    }

    public Optional<ServiceRow> findByUniqueName(String accountSid, String uniqueName) {
        return jdbc.query("SELECT " + COLUMNS + " FROM services WHERE account_sid = ? AND unique_name = ?", ROW,
                accountSid, uniqueName).stream().findFirst();
    }

    public boolean uniqueNameTaken(String accountSid, String uniqueName, String exceptSid) {
        Integer count = jdbc.queryForObject(
                "SELECT count(*) FROM services WHERE account_sid = ? AND unique_name = ? AND sid <> ?",
                Integer.class, accountSid, uniqueName, exceptSid == null ? "" : exceptSid);
        return count != null && count > 0;
    }

    /** One page in (date_created, sid) order, fetching one extra row to tell whether a next page exists. */
    public List<ServiceRow> page(String accountSid, PageRequest page) {
        if (page.after() == null) {
            return jdbc.query("SELECT " + COLUMNS + " FROM services WHERE account_sid = ? ORDER BY date_created, sid LIMIT ?",
                    ROW, accountSid, page.limit() + 1);
        }
        return jdbc.query("SELECT " + COLUMNS + " FROM services WHERE account_sid = ? AND (date_created, sid) > (?, ?) "
                        + "ORDER BY date_created, sid LIMIT ?",
                ROW, accountSid, Timestamp.from(page.after().createdAt()), page.after().sid(), page.limit() + 1);
    }

    void insert(String sid, String accountSid, ServiceSettings settings, Instant created) {
        jdbc.update("INSERT INTO services (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                sid, accountSid, settings.uniqueName(), settings.defaultTtl(), settings.callbackUrl(),
                settings.geoMatchLevel(), settings.numberSelectionBehavior(), settings.interceptCallbackUrl(),
                settings.outOfSessionCallbackUrl(), settings.chatInstanceSid(), Timestamp.from(created), Timestamp.from(created));
    }

    void update(String sid, ServiceSettings settings, Instant updated) {
        jdbc.update("UPDATE services SET unique_name = ?, default_ttl = ?, callback_url = ?, geo_match_level = ?, "
                        + "number_selection_behavior = ?, intercept_callback_url = ?, out_of_session_callback_url = ?, "
                        + "chat_instance_sid = ?, date_updated = ? WHERE sid = ?",
                settings.uniqueName(), settings.defaultTtl(), settings.callbackUrl(), settings.geoMatchLevel(),
                settings.numberSelectionBehavior(), settings.interceptCallbackUrl(), settings.outOfSessionCallbackUrl(),
                settings.chatInstanceSid(), Timestamp.from(updated), sid);
    }

    void delete(String sid) {
        jdbc.update("DELETE FROM services WHERE sid = ?", sid);
    }
}
