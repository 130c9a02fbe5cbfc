package dev.openproxy.numberpool.phonenumbers.query;

import dev.openproxy.contracts.events.phonenumber.NumberCapabilities;
import dev.openproxy.contracts.events.phonenumber.PhoneNumberAddedEvent;
import dev.openproxy.support.paging.PageRequest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Reads and writes of the {@code pool_numbers} read model. API reads are scoped to account and Service. */
@Repository
public class PoolNumberRepository {

    /** The V2 constraint behind "a number is in at most one pool" (80601). */
    public static final String UNIQUE_NUMBER = "pool_numbers_phone_number_key";

    private static final String COLUMNS = "sid, account_sid, service_sid, phone_number, friendly_name, iso_country, "
            + "sms, mms, voice, fax, is_reserved, in_use, active_participants, date_created, date_updated";

    private static final RowMapper<PoolNumberRow> ROW = (rs, i) -> new PoolNumberRow(
            rs.getString("sid"),
            rs.getString("account_sid"),
            rs.getString("service_sid"),
            rs.getString("phone_number"),
            rs.getString("friendly_name"),
            rs.getString("iso_country"),
            new NumberCapabilities(rs.getBoolean("sms"), rs.getBoolean("mms"), rs.getBoolean("voice"), rs.getBoolean("fax")),
            rs.getBoolean("is_reserved"),
            rs.getInt("in_use"),
            rs.getInt("active_participants"),
            rs.getTimestamp("date_created").toInstant(),
            rs.getTimestamp("date_updated").toInstant());

    private final JdbcTemplate jdbc;

    public PoolNumberRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<PoolNumberRow> find(String accountSid, String serviceSid, String sid) {
        return jdbc.query("SELECT " + COLUMNS + " FROM pool_numbers WHERE account_sid = ? AND service_sid = ? AND sid = ?",
                ROW, accountSid, serviceSid, sid).stream().findFirst();
    }

    /** Whether the number is in any pool, of any account: a number belongs to one Service deployment-wide. */
    public boolean numberTaken(String e164) {
        Integer count = jdbc.queryForObject("SELECT count(*) FROM pool_numbers WHERE phone_number = ?", Integer.class, e164);
        return count != null && count > 0;
    }

    /** One page in (date_created, sid) order, with one extra row to tell whether a next page exists. */
    public List<PoolNumberRow> page(String accountSid, String serviceSid, PageRequest page) {
        if (page.after() == null) {
            return jdbc.query("SELECT " + COLUMNS + " FROM pool_numbers WHERE account_sid = ? AND service_sid = ? "
                    + "ORDER BY date_created, sid LIMIT ?", ROW, accountSid, serviceSid, page.limit() + 1);
        }
        return jdbc.query("SELECT " + COLUMNS + " FROM pool_numbers WHERE account_sid = ? AND service_sid = ? "
                        + "AND (date_created, sid) > (?, ?) ORDER BY date_created, sid LIMIT ?",
                ROW, accountSid, serviceSid, Timestamp.from(page.after().createdAt()), page.after().sid(), page.limit() + 1);
    }

    /** In SID order, the order in which every multi-number transaction locks numbers (no deadlocks between them). */
    public List<PoolNumberRow> numbersOfService(String serviceSid) {
        return jdbc.query("SELECT " + COLUMNS + " FROM pool_numbers WHERE service_sid = ? ORDER BY sid",
                ROW, serviceSid);
    }

    void insert(PhoneNumberAddedEvent event) {
        NumberCapabilities c = event.capabilities();
        jdbc.update("INSERT INTO pool_numbers (sid, account_sid, service_sid, phone_number, friendly_name, iso_country, "
                        + "sms, mms, voice, fax, is_reserved, in_use, active_participants, date_created, date_updated) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?, ?)",
                event.phoneNumberSid(), event.accountSid(), event.serviceSid(), event.phoneNumber(), event.friendlyName(),
                event.isoCountry(), c.sms(), c.mms(), c.voice(), c.fax(), event.reserved(),
                Timestamp.from(event.addedAt()), Timestamp.from(event.addedAt()));
    }

    void updateReservation(String sid, boolean reserved, Instant updated) {
        jdbc.update("UPDATE pool_numbers SET is_reserved = ?, date_updated = ? WHERE sid = ?", reserved, Timestamp.from(updated), sid);
    }

    void delete(String sid) {
        jdbc.update("DELETE FROM pool_numbers WHERE sid = ?", sid);
    }

    void deleteAll() {
        jdbc.update("DELETE FROM pool_numbers");
    }
}
