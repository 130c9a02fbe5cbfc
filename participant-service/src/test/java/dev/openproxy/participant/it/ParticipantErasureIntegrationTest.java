package dev.openproxy.participant.it;

import dev.openproxy.contracts.events.participant.ParticipantAddedEvent;
import dev.openproxy.contracts.sid.SidPrefix;
import dev.openproxy.support.kafka.IntegrationEventPublisher;
import dev.openproxy.testsupport.ClearTextScan;
import dev.openproxy.testsupport.EmbeddedPostgres;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import dev.openproxy.participant.ParticipantServiceApplication;
import dev.openproxy.testsupport.ProjectionRebuildCheck;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.context.ConfigurableApplicationContext;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.List;

import static dev.openproxy.participant.it.ParticipantApi.participants;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Crypto-shredding in participant-service (docs/adr/0012-crypto-shredding.md): a participant's identifier and
 * friendly name are never in its event store in the clear, and once its Session is deleted nothing in the database
 * can give them back, while the events stay readable (replay) and show them as erased.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}")
@EmbeddedKafka(kraft = true, partitions = 1)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the projection rebuild goes last: it stops the service
class ParticipantErasureIntegrationTest {

    private static final String IDENTIFIER = "+14155550177";
    private static final String FRIENDLY_NAME = "Zelda Quintessence";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        EmbeddedPostgres.registerNewDatabase(registry, "participant_erasure_it");
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    IntegrationEventPublisher publisher;
    @Autowired
    EventStore eventStore;
    @Autowired
    ConfigurableApplicationContext context;

    private ParticipantApi api;
    private Upstream upstream;

    @BeforeEach
    void setUp() {
        api = new ParticipantApi(port);
        upstream = new Upstream(publisher, SidPrefix.ACCOUNT.newSid());
    }

    @Test
    void personalFieldsAreEncryptedInTheEventStoreAndShreddedWithTheSession(CapturedOutput output) {
        String service = upstream.service("country", "prefer-sticky");
        upstream.number(service, "+14155550100");
        String session = upstream.session(service, "voice-and-message");
        var created = api.post(upstream.account, participants(service, session),
                "Identifier", IDENTIFIER, "FriendlyName", FRIENDLY_NAME);
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        assertThat(created.text("identifier")).as("the API still shows it").isEqualTo(IDENTIFIER);

        assertThat(ClearTextScan.tablesContaining(jdbc, IDENTIFIER)).as("the projection the API reads has it")
                .contains("participants").doesNotContain("domain_event_entry", "snapshot_event_entry");
        assertThat(ClearTextScan.tablesContaining(jdbc, FRIENDLY_NAME))
                .doesNotContain("domain_event_entry", "snapshot_event_entry");
        assertThat(addedEventOf(session).identifier()).as("decrypted on read").isEqualTo(IDENTIFIER);
        assertThat(api.get(null, "/internal/personal-data-keys/" + session).status()).isEqualTo(200);

        upstream.delete(service, session);

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(erased(session)).isTrue());
        assertThat(ClearTextScan.tablesContaining(jdbc, IDENTIFIER)).isEmpty();
        assertThat(ClearTextScan.tablesContaining(jdbc, FRIENDLY_NAME)).isEmpty();
        assertThat(api.get(null, "/internal/personal-data-keys/" + session).status())
                .as("consumers can no longer decrypt what is on Kafka").isEqualTo(404);
        ParticipantAddedEvent replayed = addedEventOf(session);
        assertThat(replayed.identifier()).as("a replay reads the event, with its personal data erased").isNull();
        assertThat(replayed.friendlyName()).isNull();
        assertThat(replayed.participantSid()).isEqualTo(created.text("sid"));
        assertThat(output.getAll()).doesNotContain(IDENTIFIER).doesNotContain(FRIENDLY_NAME);
    }

    @Test
    void aSessionDeletedBeforeItsParticipantWasStoredNeverGetsAKey() {
        String session = SidPrefix.SESSION.newSid();
        upstream.delete(SidPrefix.SERVICE.newSid(), session);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(erased(session)).isTrue());
        Integer keys = jdbc.queryForObject("SELECT count(*) FROM personal_data_keys WHERE scope_id = ? AND data_key IS NOT NULL",
                Integer.class, session);
        assertThat(keys).isZero();
    }

    /**
     * Issue 9: a session is deleted, nothing in the database gives its participant's number or name back, and a rebuild
     * of every projection afterwards succeeds, changes no table, and brings none of it back: the session is in no
     * projection, only in the event store (its SIDs, with the personal fields unreadable) and in its key's tombstone.
     */
    @Test
    @Order(Integer.MAX_VALUE)
    @DirtiesContext
    void aRebuildAfterASessionWasDeletedSucceedsAndDoesNotBringItBack() {
        String service = upstream.serviceWithNumber("+14155550101");
        String deleted = upstream.session(service, "voice-and-message");
        String kept = upstream.session(service, "voice-and-message");
        assertThat(api.post(upstream.account, participants(service, deleted), "Identifier", IDENTIFIER,
                "FriendlyName", FRIENDLY_NAME).status()).isEqualTo(201);
        var keptParticipant = api.post(upstream.account, participants(service, kept), "Identifier", "+14155550178");
        assertThat(keptParticipant.status()).isEqualTo(201);
        upstream.delete(service, deleted);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(erased(deleted)).isTrue());
        assertThat(ClearTextScan.tablesContaining(jdbc, IDENTIFIER)).isEmpty();

        ProjectionRebuildCheck.assertRebuildReproducesEveryTable(context, ParticipantServiceApplication.class);

        assertThat(ClearTextScan.tablesContaining(jdbc, IDENTIFIER)).isEmpty();
        assertThat(ClearTextScan.tablesContaining(jdbc, FRIENDLY_NAME)).isEmpty();
        assertThat(ClearTextScan.tablesContaining(jdbc, deleted)).as("the session is in no projection")
                .containsOnly("domain_event_entry", "personal_data_keys");
        assertThat(jdbc.queryForObject("SELECT identifier FROM participants WHERE sid = ?", String.class,
                keptParticipant.text("sid"))).isEqualTo("+14155550178");
    }

    private boolean erased(String session) {
        List<Boolean> rows = jdbc.queryForList("SELECT data_key IS NULL FROM personal_data_keys WHERE scope_id = ?",
                Boolean.class, session);
        return rows.size() == 1 && rows.get(0);
    }

    private ParticipantAddedEvent addedEventOf(String session) {
        return eventStore.readEvents(session).asStream()
                .map(DomainEventMessage::getPayload)
                .filter(ParticipantAddedEvent.class::isInstance)
                .map(ParticipantAddedEvent.class::cast)
                .findFirst().orElseThrow();
    }
}
