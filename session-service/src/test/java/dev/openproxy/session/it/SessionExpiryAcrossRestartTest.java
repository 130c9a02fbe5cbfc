package dev.openproxy.session.it;

import dev.openproxy.contracts.sid.SidPrefix;
import dev.openproxy.session.SessionServiceApplication;
import dev.openproxy.testsupport.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A session's Ttl is scheduled in PostgreSQL, not in memory: when session-service is down at the moment the
 * session falls due, the next instance closes it.
 */
@EmbeddedKafka(kraft = true, partitions = 1)
class SessionExpiryAcrossRestartTest {

    @Test
    void ttlReachedWhileTheServiceWasDownClosesTheSessionAfterRestart(EmbeddedKafkaBroker kafka) {
        String jdbcUrl = EmbeddedPostgres.newDatabase("expiry_restart");
        String account = SidPrefix.ACCOUNT.newSid();
        JdbcTemplate db = new JdbcTemplate(new DriverManagerDataSource(jdbcUrl, "postgres", ""));

        String sessionPath;
        try (ConfigurableApplicationContext first = start(jdbcUrl, kafka)) {
            SessionApi api = new SessionApi(port(first));
            String service = api.post(account, "/v1/Services", "UniqueName", "restart-test").text("sid");
            sessionPath = "/v1/Services/" + service + "/Sessions";
            String sid = api.post(account, sessionPath, "Ttl", "2").text("sid");
            sessionPath += "/" + sid;
            assertThat(api.get(account, sessionPath).text("status")).isEqualTo("open");
        }

        // Down: let the Ttl pass with nobody running to close the session.
        Timestamp dueAt = db.queryForObject("SELECT expires_at FROM sessions", Timestamp.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> Instant.now().isAfter(dueAt.toInstant().plusMillis(500)));
        assertThat(db.queryForObject("SELECT status FROM sessions", String.class)).isEqualTo("open");

        try (ConfigurableApplicationContext second = start(jdbcUrl, kafka)) {
            SessionApi api = new SessionApi(port(second));
            String path = sessionPath;
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                SessionApi.Reply session = api.get(account, path);
                assertThat(session.text("status")).isEqualTo("closed");
                assertThat(session.text("closed_reason")).isEqualTo("ttl");
            });
        }
    }

    private static ConfigurableApplicationContext start(String jdbcUrl, EmbeddedKafkaBroker kafka) {
        // Command-line arguments: they outrank application.yml (builder "properties" would not).
        return new SpringApplicationBuilder(SessionServiceApplication.class).run(
                "--server.port=0",
                "--spring.datasource.url=" + jdbcUrl,
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=",
                "--spring.kafka.bootstrap-servers=" + kafka.getBrokersAsString(),
                "--openproxy.sessions.expiry-poll-interval=PT0.2S");
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }
}
