package dev.openproxy.routing.retention;

import dev.openproxy.testsupport.EmbeddedPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** RetentionMetrics against routing-service's real schema (Flyway) in an embedded PostgreSQL. */
class RetentionMetricsTest {

    private static final Duration PERIOD = Duration.ofDays(90);

    private JdbcTemplate jdbc;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @BeforeEach
    void schema() {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(
                EmbeddedPostgres.newDatabase("retention_metrics"), "postgres", "");
        // The service's own locations (openproxy-defaults.properties): its migrations use the shared tables too.
        Flyway.configure().dataSource(dataSource).locations("classpath:db/axon", "classpath:db/support", "classpath:db/migration")
                .load().migrate();
        jdbc = new JdbcTemplate(dataSource);
    }

    @Test
    void countsSessionsPastThePeriodNotYetErasedAndHowLongTheOldestIsOverdue() {
        Instant now = Instant.now();
        closedSession("KC00000000000000000000000000000001", now.minus(PERIOD).minus(Duration.ofDays(1)), null);
        closedSession("KC00000000000000000000000000000002", now.minus(PERIOD).minus(Duration.ofHours(1)), null);
        closedSession("KC00000000000000000000000000000003", now.minus(PERIOD).minus(Duration.ofDays(5)), now);
        closedSession("KC00000000000000000000000000000004", now.minus(Duration.ofDays(1)), null);

        new RetentionMetrics(jdbc, new RetentionProperties(PERIOD, null, true, null)).bindTo(meters);

        assertThat(meters.get("openproxy.routing.retention.due").gauge().value()).isEqualTo(2);
        assertThat(meters.get("openproxy.routing.retention.overdue").gauge().value())
                .isCloseTo(Duration.ofDays(1).toSeconds(), within(60.0));
    }

    @Test
    void zeroWhileNothingIsDue() {
        closedSession("KC00000000000000000000000000000005", Instant.now().minus(Duration.ofDays(10)), null);

        new RetentionMetrics(jdbc, new RetentionProperties(PERIOD, null, true, null)).bindTo(meters);

        assertThat(meters.get("openproxy.routing.retention.due").gauge().value()).isZero();
        assertThat(meters.get("openproxy.routing.retention.overdue").gauge().value()).isZero();
    }

    @Test
    void notRegisteredWhenRetentionIsOff() {
        new RetentionMetrics(jdbc, new RetentionProperties(PERIOD, null, false, null)).bindTo(meters);

        assertThat(meters.find("openproxy.routing.retention.due").gauge()).isNull();
        assertThat(meters.find("openproxy.routing.retention.overdue").gauge()).isNull();
    }

    private void closedSession(String sid, Instant closedAt, Instant erasedAt) {
        jdbc.update("INSERT INTO known_sessions (sid, service_sid, account_sid, mode, status, closed_at, content_erased_at) "
                        + "VALUES (?, 'KS00000000000000000000000000000001', 'AC00000000000000000000000000000001', "
                        + "'message-only', 'closed', ?, ?)", sid, Timestamp.from(closedAt),
                erasedAt == null ? null : Timestamp.from(erasedAt));
    }
}
