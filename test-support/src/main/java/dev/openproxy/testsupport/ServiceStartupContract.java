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
import dev.openproxy.support.metrics.ProjectionLagMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
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
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
    @Autowired
    protected MeterRegistry meters;
    @Autowired
    protected ProjectionLagMetrics projectionLag;
    @Autowired
    protected KafkaListenerEndpointRegistry listeners;
    @Autowired
    protected KafkaTemplate<String, String> kafka;
    @Autowired
    protected EventProcessingConfiguration eventProcessing;

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
    protected void projectionLagCountsTheRecordsAKafkaFedProjectionHasNotApplied() throws Exception {
        Map<ProjectionLagMetrics.ConsumerTopic, Double> caughtUp = awaitProjectionsCaughtUp();
        assertThat(caughtUp).as("this service's Kafka-fed projections").isNotEmpty();
        Set<String> topics = caughtUp.keySet().stream().map(ProjectionLagMetrics.ConsumerTopic::topic)
                .collect(Collectors.toSet());

        listeners.stop(); // as if every consumer had died: the lag comes from the stored positions, not from them
        try {
            for (String topic : topics) {
                for (int i = 0; i < 3; i++) {
                    // Not an event: the listeners skip it once they run again (IncomingEvents), so it harms nothing.
                    kafka.send(topic, 0, "lag-probe", "not an event").get();
                }
            }
            Map<ProjectionLagMetrics.ConsumerTopic, Double> stopped = projectionLag.refresh();
            assertThat(stopped).allSatisfy((projection, lag) -> assertThat(lag).as(projection.toString()).isEqualTo(3.0));
            ProjectionLagMetrics.ConsumerTopic first = stopped.keySet().iterator().next();
            assertThat(meters.get("openproxy.projection.lag").tag("consumer", first.consumer())
                    .tag("topic", first.topic()).gauge().value()).isEqualTo(3.0);
        } finally {
            listeners.start();
        }
        awaitProjectionsCaughtUp();
    }

    @Test
    protected void trackingProcessorsReportHowFarBehindTheEventStoreTheyAre() {
        Map<String, StreamingEventProcessor> tracking = eventProcessing.eventProcessors().entrySet().stream()
                .filter(processor -> processor.getValue() instanceof StreamingEventProcessor)
                .collect(Collectors.toMap(Map.Entry::getKey, processor -> (StreamingEventProcessor) processor.getValue()));
        assertThat(tracking).containsKey("kafka-publisher");

        for (String name : tracking.keySet()) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                    meters.get("openproxy.event.processor.lag").tag("processor", name).gauge().value()).as(name).isZero());
        }
        StreamingEventProcessor publisher = tracking.get("kafka-publisher");
        publisher.shutDown();
        try {
            assertThat(meters.get("openproxy.event.processor.lag").tag("processor", "kafka-publisher").gauge().value())
                    .as("no segment claimed here: another replica's to report").isNaN();
            eventStore.publish(GenericEventMessage.asEventMessage(Map.of("probe", "lag")));
        } finally {
            publisher.start();
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                meters.get("openproxy.event.processor.lag").tag("processor", "kafka-publisher").gauge().value()).isZero());
    }

    private Map<ProjectionLagMetrics.ConsumerTopic, Double> awaitProjectionsCaughtUp() {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(projectionLag::refresh, lags -> lags.values().stream().allMatch(lag -> lag == 0.0));
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
