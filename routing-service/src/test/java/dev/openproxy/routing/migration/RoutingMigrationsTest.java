package dev.openproxy.routing.migration;

import dev.openproxy.testsupport.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The erasure migrations on a database written by the version before them (real PostgreSQL, Flyway as the service runs
 * it): V5 ties the sandbox carrier's log to Interactions and drops what should already have been erased, V6 gives
 * sessions closed before retention existed a closed_at so that retention reaches them, V7 gives Interactions deleted
 * before per-Interaction keys a tombstone.
 */
class RoutingMigrationsTest {

    private static final String SERVICE = "IS00000000000000000000000000000001";
    private static final String ACCOUNT = "AC00000000000000000000000000000001";

    @Test
    void theErasureMigrationsCatchUpWithWhatWasWrittenBefore() {
        DriverManagerDataSource database = new DriverManagerDataSource(EmbeddedPostgres.newDatabase("routing_migrations"),
                "postgres", "");
        JdbcTemplate jdbc = new JdbcTemplate(database);
        flyway(database).target("4").load().migrate();

        session(jdbc, "KS00000000000000000000000000000001", "closed");
        session(jdbc, "KS00000000000000000000000000000002", "in-progress");
        session(jdbc, "KS00000000000000000000000000000003", "closed");
        jdbc.update("UPDATE known_sessions SET content_erased_at = now(), closed_at = now() WHERE sid = ?",
                "KS00000000000000000000000000000003");
        interaction(jdbc, "KI00000000000000000000000000000001", "KS00000000000000000000000000000002", false, "SM01");
        interaction(jdbc, "KI00000000000000000000000000000002", "KS00000000000000000000000000000002", true, "SM02");
        interaction(jdbc, "KI00000000000000000000000000000003", "KS00000000000000000000000000000003", false, "SM03");
        for (String sid : List.of("SM01", "SM02", "SM03", "SM04")) {
            jdbc.update("INSERT INTO sandbox_messages (sid, from_number, to_number, body, date_created) "
                    + "VALUES (?, '+14155550100', '+14155550101', 'body', now())", sid);
        }
        Instant beforeMigration = Instant.now().minusSeconds(1);

        flyway(database).load().migrate();

        Timestamp backfilled = jdbc.queryForObject("SELECT closed_at FROM known_sessions WHERE sid = ?", Timestamp.class,
                "KS00000000000000000000000000000001");
        assertThat(backfilled).as("a session closed before V4 gets the migration's time").isNotNull();
        assertThat(Duration.between(beforeMigration, backfilled.toInstant()).abs()).isLessThan(Duration.ofMinutes(1));
        assertThat(jdbc.queryForObject("SELECT closed_at FROM known_sessions WHERE sid = ?", Timestamp.class,
                "KS00000000000000000000000000000002")).as("an open session stays open").isNull();

        assertThat(jdbc.queryForList("SELECT sid || '->' || interaction_sid FROM sandbox_messages", String.class))
                .as("only the live interaction's SMS stays, tied to it; the deleted one's, the erased session's and "
                        + "the unclaimed one (a deleted session's) are gone")
                .containsExactly("SM01->KI00000000000000000000000000000001");

        assertThat(jdbc.queryForList("SELECT scope_id || '<' || parent_scope_id || ':' || (data_key IS NULL) || "
                        + "(erased_at IS NOT NULL) FROM personal_data_keys", String.class))
                .as("the deleted interaction is tombstoned under its session")
                .containsExactly("KI00000000000000000000000000000002<KS00000000000000000000000000000002:truetrue");
    }

    private static org.flywaydb.core.api.configuration.FluentConfiguration flyway(DriverManagerDataSource database) {
        // As service-support's openproxy-defaults.properties configure it.
        return Flyway.configure().dataSource(database).outOfOrder(true)
                .locations("classpath:db/axon", "classpath:db/support", "classpath:db/migration");
    }

    private static void session(JdbcTemplate jdbc, String sid, String status) {
        jdbc.update("INSERT INTO known_sessions (sid, service_sid, account_sid, mode, status) "
                + "VALUES (?, ?, ?, 'voice-and-message', ?)", sid, SERVICE, ACCOUNT, status);
    }

    private static void interaction(JdbcTemplate jdbc, String sid, String session, boolean deleted, String outboundSid) {
        jdbc.update("INSERT INTO interactions (sid, session_sid, service_sid, account_sid, type, data, "
                        + "outbound_resource_sid, date_created, date_updated, deleted) "
                        + "VALUES (?, ?, ?, ?, 'message', NULL, ?, now(), now(), ?)",
                sid, session, SERVICE, ACCOUNT, outboundSid, deleted);
    }
}
