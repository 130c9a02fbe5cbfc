package dev.openproxy.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openproxy.contracts.sid.SidPrefix;
import dev.openproxy.support.account.AccountHeader;
import org.apache.kafka.clients.admin.TopicDescription;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every OpenProxy service promises once started against real PostgreSQL and Kafka: probes, Prometheus
 * metrics tagged with the application, Axon's event and token stores in the Flyway tables, its topics on the
 * broker, and Twilio-shaped 404s. A service's test extends this and names itself and its topics.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}")
@EmbeddedKafka(kraft = true, partitions = 1)
@AutoConfigureObservability // @SpringBootTest switches metrics export, and so the Prometheus endpoint, off by default
public abstract class ServiceStartupContract {

    private final String applicationName;
    private final List<String> publishedTopics;

    protected ServiceStartupContract(String applicationName, String... publishedTopics) {
        this.applicationName = applicationName;
        this.publishedTopics = List.of(publishedTopics);
    }


    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        EmbeddedPostgres.registerNewDatabase(registry, "service_startup");
    }

    @Autowired
    protected TestRestTemplate http;
    @Autowired
    protected JdbcTemplate jdbc;
    @Autowired
    protected KafkaAdmin kafkaAdmin;
    @Autowired
    protected EventStore eventStore;
    @Autowired
    protected TokenStore tokenStore;

    @Test
    protected void livenessAndReadinessAreUp() {
        assertThat(status("/actuator/health/liveness")).isEqualTo("UP");
        assertThat(status("/actuator/health/readiness")).isEqualTo("UP");
    }

    @Test
    protected void prometheusScrapeHasRequestMetricsTaggedWithTheApplication() {
        http.getForEntity("/actuator/health/liveness", String.class);

        ResponseEntity<String> scrape = http.getForEntity("/actuator/prometheus", String.class);

        assertThat(scrape.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(scrape.getBody())
                .contains("http_server_requests")
                .contains("application=\"" + applicationName + "\"");
    }

    @Test
    protected void axonStoresEventsAndTokensInTheFlywayTables() {
        assertThat(tableExists("domain_event_entry")).isTrue();
        assertThat(tableExists("token_entry")).isTrue();

        EventMessage<?> probe = GenericEventMessage.asEventMessage(Map.of("probe", "startup"));
        eventStore.publish(probe);
        try (Stream<? extends TrackedEventMessage<?>> stored = eventStore.openStream(null).asStream()) {
            assertThat(stored.limit(1).map(EventMessage::getIdentifier)).containsExactly(probe.getIdentifier());
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE event_identifier = ?",
                Long.class, probe.getIdentifier())).isEqualTo(1L);

        assertThat(tokenStore.retrieveStorageIdentifier()).isPresent();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM token_entry", Long.class)).isPositive();
    }

    @Test
    protected void publishedTopicsExistOnTheBroker() {
        Map<String, TopicDescription> topics = kafkaAdmin.describeTopics(publishedTopics.toArray(String[]::new));

        for (String topic : publishedTopics) {
            assertThat(topics.get(topic).partitions()).as(topic).hasSize(3);
        }
    }

    @Test
    protected void unknownApiPathIsATwilioNotFound() throws Exception {
        HttpHeaders headers = new HttpHeaders();
        headers.set(AccountHeader.NAME, SidPrefix.ACCOUNT.newSid());

        ResponseEntity<String> response = http.exchange("/v1/NoSuchResource/XX00000000000000000000000000000000",
                HttpMethod.GET, new HttpEntity<>(headers), String.class);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        JsonNode error = new ObjectMapper().readTree(response.getBody());
        assertThat(error.path("code").asInt()).isEqualTo(20404);
        assertThat(error.path("status").asInt()).isEqualTo(404);
        assertThat(error.path("message").asText()).isNotBlank();
        assertThat(error.path("more_info").asText()).isEqualTo("https://www.twilio.com/docs/errors/20404");
    }

    private String status(String path) {
        ResponseEntity<JsonNode> response = http.getForEntity(path, JsonNode.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        return response.getBody().path("status").asText();
    }

    private boolean tableExists(String table) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT to_regclass(?) IS NOT NULL", Boolean.class, table));
    }
}
