package dev.openproxy.participant.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openproxy.contracts.sid.SidPrefix;
import dev.openproxy.support.personal.FieldCipher;
import dev.openproxy.support.personal.PersonalDataKeys;
import dev.openproxy.participant.it.PairHistory.SessionChange;
import dev.openproxy.participant.it.ParticipantApi.Reply;
import dev.openproxy.support.kafka.IntegrationEventPublisher;
import dev.openproxy.testsupport.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.openproxy.participant.it.ParticipantApi.participants;
import static dev.openproxy.participant.it.ParticipantApi.reactivation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The pair rule under load: many threads create participants in sessions that open, close, re-open and are deleted,
 * with a small pool and the same few identifiers, so that requests keep competing for the same pairs. Afterwards the
 * event history (participant-service's event store, plus the session events this test published as session-service
 * would) must show no (identifier, proxy number) pair active in two sessions at any moment.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}")
@EmbeddedKafka(kraft = true, partitions = 1)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class PairRuleUnderConcurrencyTest {

    private static final Logger log = LoggerFactory.getLogger(PairRuleUnderConcurrencyTest.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final int WORKERS = 8;
    private static final int SESSIONS_PER_WORKER = 130;
    private static final List<String> IDENTIFIERS = List.of("+14155550301", "+14155550302", "+14155550303",
            "+14155550304", "+14155550305", "+14155550306");
    private static final List<String> POOL = List.of("+14155550100", "+14155550200", "+14155550300", "+14155550400");

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        EmbeddedPostgres.registerNewDatabase(registry, "participant_race");
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    IntegrationEventPublisher publisher;
    @Autowired
    PersonalDataKeys keys;
    /** What each created participant's identifier was: a deleted session's events no longer say (ADR 0012). */
    private final Map<String, String> identifiersAdded = new java.util.concurrent.ConcurrentHashMap<>();

    private final List<PairHistory.SessionEvent> sessionEvents = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();

    @Test
    void noPairIsEverActiveInTwoSessions() throws Exception {
        ParticipantApi api = new ParticipantApi(port);
        Upstream upstream = new Upstream(publisher, SidPrefix.ACCOUNT.newSid());
        String service = upstream.service("country", "prefer-sticky");
        List<String> pool = POOL.stream().map(number -> upstream.number(service, number)).toList();

        ExecutorService workers = Executors.newFixedThreadPool(WORKERS);
        ExecutorService requests = Executors.newFixedThreadPool(WORKERS * 3);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                long seed = 1000L + w;
                done.add(workers.submit(() -> work(new Random(seed), api, upstream, service, pool, requests)));
            }
            for (Future<?> worker : done) {
                worker.get(10, TimeUnit.MINUTES);
            }
        } finally {
            workers.shutdownNow();
            requests.shutdownNow();
        }

        log.info("Participant create outcomes: {}", outcomes);
        assertThat(outcomes.keySet()).as("only the expected answers").isSubsetOf("201", "400/80208", "400/80604",
                "409/80623", "400/80607", "400/80103", "400/80609");
        int creates = outcomes.values().stream().mapToInt(AtomicInteger::get).sum();
        assertThat(creates).isGreaterThanOrEqualTo(2 * WORKERS * SESSIONS_PER_WORKER);
        assertThat(outcomes.get("201").get()).as("most creates succeed").isGreaterThan(creates / 3);

        PairHistory history = historyFromEventStore();
        assertThat(history.participantsAdded()).isEqualTo(outcomes.get("201").get());
        assertThat(history.overlaps()).as("pairs active in two sessions at once").isEmpty();

        // Every session is closed or deleted now, so once the last close is applied no pair is left.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(jdbc.queryForObject("SELECT count(*) FROM active_pairs", Integer.class)).isZero());
        // The load selection reads (kept by a trigger through every reserve, release and reactivation) is back to 0.
        assertThat(jdbc.queryForObject("SELECT count(*) FROM pool_number_load WHERE active_pairs <> 0", Integer.class))
                .as("numbers with a load left").isZero();
    }

    private void work(Random random, ParticipantApi api, Upstream upstream, String service, List<String> pool,
                      ExecutorService requests) {
        Deque<String> open = new ArrayDeque<>();
        List<String> closed = new ArrayList<>();
        for (int i = 0; i < SESSIONS_PER_WORKER; i++) {
            String session = SessionLog.created(this, upstream, service);
            open.add(session);
            String a = IDENTIFIERS.get(random.nextInt(IDENTIFIERS.size()));
            String b = random.nextInt(10) == 0 ? a : IDENTIFIERS.get(random.nextInt(IDENTIFIERS.size()));
            // Both participants at once (the aggregate serialises them); now and then the session closes meanwhile.
            List<CompletableFuture<Reply>> adds = new ArrayList<>();
            adds.add(CompletableFuture.supplyAsync(() -> add(api, upstream, service, session, a, pool, random), requests));
            adds.add(CompletableFuture.supplyAsync(() -> add(api, upstream, service, session, b, pool, random), requests));
            if (random.nextInt(10) == 0) {
                adds.add(CompletableFuture.supplyAsync(() -> {
                    close(upstream, service, session);
                    return null;
                }, requests));
                open.remove(session);
                closed.add(session);
            }
            List<String> members = new ArrayList<>();
            for (CompletableFuture<Reply> add : adds) {
                Reply reply = add.join();
                if (reply != null && reply.status() == 201) {
                    members.add(reply.text("sid"));
                    identifiersAdded.put(reply.text("sid"), reply.text("identifier"));
                }
            }
            if (!members.isEmpty() && random.nextInt(6) == 0) {
                Reply removed = api.delete(upstream.account, participants(service, session) + "/" + members.get(0));
                assertThat(removed.status()).as(removed.body().toString()).isEqualTo(200);
            }
            while (open.size() > 2) {
                String oldest = open.poll();
                if (random.nextInt(5) == 0) {
                    SessionLog.record(this, oldest, SessionChange.DELETED);
                    upstream.delete(service, oldest);
                } else {
                    close(upstream, service, oldest);
                    closed.add(oldest);
                }
            }
            if (!closed.isEmpty() && random.nextInt(4) == 0) {
                String reopen = closed.remove(random.nextInt(closed.size()));
                Reply reactivated = api.post(upstream.account, reactivation(reopen));
                if (reactivated.status() == 204) {
                    SessionLog.record(this, reopen, SessionChange.REOPENED);
                    upstream.reopen(service, reopen);
                    open.add(reopen);
                } else {
                    assertThat(reactivated.body().path("code").asInt()).as(reactivated.body().toString()).isEqualTo(80604);
                    closed.add(reopen);
                }
            }
        }
        for (String session : open) {
            close(upstream, service, session);
        }
    }

    private Reply add(ParticipantApi api, Upstream upstream, String service, String session, String identifier,
                      List<String> pool, Random random) {
        Reply reply = random.nextInt(5) == 0
                ? api.post(upstream.account, participants(service, session), "Identifier", identifier,
                "ProxyIdentifierSid", pool.get(random.nextInt(pool.size())))
                : api.post(upstream.account, participants(service, session), "Identifier", identifier);
        String outcome = reply.status() == 201 ? "201" : reply.status() + "/" + reply.body().path("code").asInt();
        outcomes.computeIfAbsent(outcome, k -> new AtomicInteger()).incrementAndGet();
        return reply;
    }

    private void close(Upstream upstream, String service, String session) {
        SessionLog.record(this, session, SessionChange.CLOSED);
        upstream.close(service, session);
    }

    /** Session events as session-service would have them: the moment is taken before the event goes out. */
    private static final class SessionLog {
        static String created(PairRuleUnderConcurrencyTest test, Upstream upstream, String service) {
            Instant at = Instant.now();
            String session = upstream.session(service, "voice-and-message");
            test.sessionEvents.add(new PairHistory.SessionEvent(session, SessionChange.CREATED, at));
            return session;
        }

        static void record(PairRuleUnderConcurrencyTest test, String session, SessionChange change) {
            test.sessionEvents.add(new PairHistory.SessionEvent(session, change, Instant.now()));
        }
    }

    private PairHistory historyFromEventStore() throws Exception {
        PairHistory history = new PairHistory();
        synchronized (sessionEvents) {
            sessionEvents.forEach(history::session);
        }
        List<Map<String, Object>> events = jdbc.queryForList("SELECT payload_type, payload, time_stamp "
                + "FROM domain_event_entry WHERE payload_type LIKE 'dev.openproxy.contracts.events.participant.%' "
                + "ORDER BY global_index");
        for (Map<String, Object> event : events) {
            JsonNode payload = JSON.readTree((byte[]) event.get("payload"));
            Instant at = Instant.parse((String) event.get("time_stamp"));
            if (((String) event.get("payload_type")).endsWith("ParticipantAddedEvent")) {
                String session = payload.get("sessionSid").asText();
                // The event store holds the identifier encrypted with the session's key (ADR 0012).
                String stored = payload.get("identifier").asText();
                String participant = payload.get("participantSid").asText();
                String identifier = keys.existingKey(session).flatMap(key -> FieldCipher.decrypt(key, stored))
                        .orElseGet(() -> identifiersAdded.get(participant));
                assertThat(identifier).as("decryptable, or the session was deleted and the test knows it").isNotNull();
                history.added(new PairHistory.Added(participant, session, identifier,
                        payload.get("proxyIdentifierSid").asText(), at));
            } else {
                history.removed(new PairHistory.Removed(payload.get("participantSid").asText(), at));
            }
        }
        return history;
    }
}
