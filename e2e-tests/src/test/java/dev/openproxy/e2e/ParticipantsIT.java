package dev.openproxy.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.twilio.exception.ApiException;
import com.twilio.rest.proxy.v1.Service;
import com.twilio.rest.proxy.v1.service.PhoneNumber;
import com.twilio.rest.proxy.v1.service.Session;
import com.twilio.rest.proxy.v1.service.session.Participant;
import dev.openproxy.contracts.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Participants and proxy-number assignment through the gateway with twilio-java: inline and one-by-one creation,
 * Twilio's error codes, back-to-back calls that never trip over a lagging projection, and the pair rule under
 * concurrency, checked against the whole event history on Kafka.
 */
class ParticipantsIT extends E2eTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A fresh, valid North American number (San Francisco area code 415, exchange 200-999). */
    private static String newNumber() {
        return "+1415" + ThreadLocalRandom.current().nextInt(2_000_000, 9_999_999);
    }

    private String newServiceWithPool(int numbers) {
        String service = Service.creator("participants-" + UUID.randomUUID()).create(twilio).getSid();
        for (int i = 0; i < numbers; i++) {
            PhoneNumber.creator(service).setPhoneNumber(newNumber()).create(twilio);
        }
        return service;
    }

    private static int twilioCode(Runnable call) {
        ApiException error = catchThrowableOfType(ApiException.class, call::run);
        assertThat(error).as("an ApiException").isNotNull();
        return error.getCode();
    }

    @Test
    void participantsAreAddedInlineAndOneByOneWithProxyNumbersFromThePool() {
        String service = newServiceWithPool(2);
        String alice = newNumber();
        String bob = newNumber();

        Session session = Session.creator(service)
                .setParticipants(List.of(Map.of("Identifier", alice, "FriendlyName", "Alice")))
                .create(twilio);
        List<Participant> inline = new ArrayList<>();
        Participant.reader(service, session.getSid()).read(twilio).forEach(inline::add);
        assertThat(inline).hasSize(1);
        assertThat(inline.get(0).getIdentifier()).isEqualTo(alice);
        assertThat(inline.get(0).getFriendlyName()).isEqualTo("Alice");
        assertThat(inline.get(0).getProxyIdentifierSid()).matches("PN[0-9a-f]{32}");

        Participant second = Participant.creator(service, session.getSid(), bob).create(twilio);
        assertThat(second.getProxyIdentifier()).startsWith("+1415");
        assertThat(second.getSessionSid()).isEqualTo(session.getSid());

        assertThat(twilioCode(() -> Participant.creator(service, session.getSid(), newNumber()).create(twilio)))
                .as("at most two participants").isEqualTo(80609);

        // The pool sees the session through participant and session events on Kafka: in_use follows them.
        String aliceNumber = inline.get(0).getProxyIdentifierSid();
        assertThat(eventually(() -> PhoneNumber.fetcher(service, aliceNumber).fetch(twilio).getInUse(), 1)).isEqualTo(1);

        Participant removed = Participant.deleter(service, session.getSid(), second.getSid()).delete(twilio)
                ? Participant.fetcher(service, session.getSid(), second.getSid()).fetch(twilio) : null;
        assertThat(removed).isNotNull();
        assertThat(removed.getDateDeleted()).as("soft delete").isNotNull();

        Session.updater(service, session.getSid()).setStatus(Session.Status.CLOSED).update(twilio);
        assertThat(eventually(() -> PhoneNumber.fetcher(service, aliceNumber).fetch(twilio).getInUse(), 0)).isEqualTo(0);
    }

    /** Reads until the value is the expected one or 30 s passed (an outcome is asserted, not a duration). */
    private static <T> T eventually(java.util.function.Supplier<T> read, T expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        T value = read.get();
        while (!expected.equals(value) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            value = read.get();
        }
        return value;
    }

    @Test
    void aThousandSessionsEachWithAParticipantAddedAtOnceNeverFail() {
        String service = newServiceWithPool(5);
        for (int i = 0; i < 1_000; i++) {
            Session session = Session.creator(service).create(twilio);
            Participant participant = Participant.creator(service, session.getSid(), newNumber()).create(twilio);
            assertThat(participant.getSessionSid()).isEqualTo(session.getSid());
        }
    }

    @Test
    void twilioErrorCodesForParticipantsReachTheLibrary() {
        String service = newServiceWithPool(1);
        String alice = newNumber();
        Session first = Session.creator(service).create(twilio);
        Participant aliceFirst = Participant.creator(service, first.getSid(), alice).create(twilio);

        assertThat(twilioCode(() -> Participant.creator(service, first.getSid(), alice).create(twilio)))
                .as("identifier already in the session").isEqualTo(80103);
        assertThat(twilioCode(() -> Participant.creator(service, first.getSid(), "not a number").create(twilio)))
                .as("invalid identifier").isEqualTo(80404);

        Session second = Session.creator(service).create(twilio);
        assertThat(twilioCode(() -> Participant.creator(service, second.getSid(), alice).create(twilio)))
                .as("the only number is in use by this identifier").isEqualTo(80208);
        assertThat(twilioCode(() -> Participant.creator(service, second.getSid(), alice)
                .setProxyIdentifier(aliceFirst.getProxyIdentifier()).create(twilio)))
                .as("explicit pair active elsewhere").isEqualTo(80604);
        assertThat(twilioCode(() -> Participant.creator(service, second.getSid(), newNumber())
                .setProxyIdentifier(newNumber()).create(twilio)))
                .as("proxy number not in the pool").isEqualTo(80605);

        String empty = Service.creator("empty-" + UUID.randomUUID()).create(twilio).getSid();
        Session inEmpty = Session.creator(empty).create(twilio);
        assertThat(twilioCode(() -> Participant.creator(empty, inEmpty.getSid(), newNumber()).create(twilio)))
                .as("no numbers in the Service").isEqualTo(80205);

        // Closing frees the pair; re-opening checks it again.
        Session.updater(service, first.getSid()).setStatus(Session.Status.CLOSED).update(twilio);
        Participant aliceSecond = Participant.creator(service, second.getSid(), alice).create(twilio);
        assertThat(aliceSecond.getProxyIdentifierSid()).isEqualTo(aliceFirst.getProxyIdentifierSid());
        assertThat(twilioCode(() -> Session.updater(service, first.getSid()).setStatus(Session.Status.IN_PROGRESS).update(twilio)))
                .as("re-open while the pair is active elsewhere").isEqualTo(80604);
        assertThat(Session.fetcher(service, first.getSid()).fetch(twilio).getStatus()).isEqualTo(Session.Status.CLOSED);
    }

    @Test
    void poolRefusalsCarryTwiliosReason() throws Exception {
        String alice = newNumber();

        String reservedOnly = Service.creator("reserved-" + UUID.randomUUID()).create(twilio).getSid();
        PhoneNumber.creator(reservedOnly).setPhoneNumber(newNumber()).setIsReserved(true).create(twilio);
        Session inReserved = Session.creator(reservedOnly).create(twilio);
        assertThat(twilioCode(() -> Participant.creator(reservedOnly, inReserved.getSid(), alice).create(twilio)))
                .as("only reserved numbers").isEqualTo(80207);

        String areaCode = Service.creator("geo-" + UUID.randomUUID()).setGeoMatchLevel(Service.GeoMatchLevel.AREA_CODE)
                .create(twilio).getSid();
        PhoneNumber.creator(areaCode).setPhoneNumber(newNumber()).create(twilio); // area code 415
        Session inGeo = Session.creator(areaCode).create(twilio);
        String newYorker = "+1212" + ThreadLocalRandom.current().nextInt(2_000_000, 9_999_999);
        assertThat(twilioCode(() -> Participant.creator(areaCode, inGeo.getSid(), newYorker).create(twilio)))
                .as("no number in the identifier's area code").isEqualTo(80206);

        // twilio-java has no parameter for our self-hosting extension SmsEnabled: add a voice-only number by hand.
        String voiceOnly = Service.creator("voice-" + UUID.randomUUID()).create(twilio).getSid();
        java.net.http.HttpResponse<String> added = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(ProxyStack.gatewayUrl() + "/v1/Services/" + voiceOnly + "/PhoneNumbers"))
                        .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                                (ProxyStack.ACCOUNT_SID + ":" + ProxyStack.AUTH_TOKEN).getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                "PhoneNumber=" + java.net.URLEncoder.encode(newNumber(), java.nio.charset.StandardCharsets.UTF_8) + "&SmsEnabled=false"))
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        Session messageOnly = Session.creator(voiceOnly).setMode(Session.Mode.MESSAGE_ONLY).create(twilio);
        assertThat(twilioCode(() -> Participant.creator(voiceOnly, messageOnly.getSid(), alice).create(twilio)))
                .as("no SMS-capable number for a message-only session").isEqualTo(80202);
    }

    @Test
    void concurrentClientsNeverGetAPairActiveInTwoSessions() throws Exception {
        String service = newServiceWithPool(3);
        List<String> identifiers = List.of(newNumber(), newNumber(), newNumber(), newNumber());
        Set<String> unexpected = ConcurrentHashMap.newKeySet();
        ExecutorService clients = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int client = 0; client < 6; client++) {
                work.add(clients.submit(() -> {
                    for (int round = 0; round < 25; round++) {
                        Session session = Session.creator(service).create(twilio);
                        for (String identifier : pickTwo(identifiers)) {
                            try {
                                Participant.creator(service, session.getSid(), identifier).create(twilio);
                            } catch (ApiException e) {
                                if (e.getCode() != 80208 && e.getCode() != 80206) {
                                    unexpected.add(e.getCode() + " " + e.getMessage());
                                }
                            }
                        }
                        Session.updater(service, session.getSid()).setStatus(Session.Status.CLOSED).update(twilio);
                    }
                    return null;
                }));
            }
            for (Future<?> future : work) {
                future.get(10, TimeUnit.MINUTES);
            }
        } finally {
            clients.shutdownNow();
        }
        assertThat(unexpected).as("only 'no number free' refusals are expected").isEmpty();
        assertNoPairWasEverActiveInTwoSessions(service);
    }

    private static List<String> pickTwo(List<String> identifiers) {
        int first = ThreadLocalRandom.current().nextInt(identifiers.size());
        int second = (first + 1 + ThreadLocalRandom.current().nextInt(identifiers.size() - 1)) % identifiers.size();
        return List.of(identifiers.get(first), identifiers.get(second));
    }

    /**
     * Replays the participant and session events of the Service from Kafka and checks that the intervals in which
     * each (identifier, proxy number) pair was active never overlap across sessions.
     */
    private void assertNoPairWasEverActiveInTwoSessions(String serviceSid) throws Exception {
        Map<String, Instant> sessionEnded = new HashMap<>();
        List<JsonNode> added = new ArrayList<>();
        Map<String, Instant> participantRemoved = new HashMap<>();
        for (JsonNode event : allEvents(Topics.SESSIONS)) {
            JsonNode data = event.get("data");
            if (serviceSid.equals(data.path("service_sid").asText())
                    && (event.get("type").asText().endsWith(".closed.v1") || event.get("type").asText().endsWith(".deleted.v1"))) {
                sessionEnded.merge(data.get("session_sid").asText(), Instant.parse(event.get("time").asText()),
                        (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        for (JsonNode event : allEvents(Topics.PARTICIPANTS)) {
            JsonNode data = event.get("data");
            if (!serviceSid.equals(data.path("service_sid").asText())) {
                continue;
            }
            if (event.get("type").asText().endsWith(".added.v1")) {
                added.add(event);
            } else if (event.get("type").asText().endsWith(".removed.v1")) {
                participantRemoved.put(data.get("participant_sid").asText(), Instant.parse(event.get("time").asText()));
            }
        }
        assertThat(added).as("participants were added").isNotEmpty();
        record Interval(String session, Instant from, Instant to) {
        }
        Map<String, List<Interval>> byPair = new HashMap<>();
        for (JsonNode event : added) {
            JsonNode data = event.get("data");
            String session = data.get("session_sid").asText();
            Instant from = Instant.parse(event.get("time").asText());
            Instant to = earliest(sessionEnded.get(session), participantRemoved.get(data.get("participant_sid").asText()));
            byPair.computeIfAbsent(data.get("identifier").asText() + "|" + data.get("proxy_identifier_sid").asText(),
                    k -> new ArrayList<>()).add(new Interval(session, from, to));
        }
        byPair.forEach((pair, intervals) -> {
            for (int i = 0; i < intervals.size(); i++) {
                for (int j = i + 1; j < intervals.size(); j++) {
                    Interval a = intervals.get(i);
                    Interval b = intervals.get(j);
                    boolean overlap = a.from().isBefore(b.to()) && b.from().isBefore(a.to());
                    assertThat(overlap).as("pair active in %s and %s at once", a.session(), b.session()).isFalse();
                }
            }
        });
    }

    private static Instant earliest(Instant a, Instant b) {
        if (a == null) {
            return b == null ? Instant.MAX : b;
        }
        return b == null || a.isBefore(b) ? a : b;
    }

    /** Every record on the topic up to its current end. */
    private static List<JsonNode> allEvents(String topic) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", stack().kafkaBootstrapServers(), "group.id", "e2e-history-" + UUID.randomUUID()),
                new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    events.add(JSON.readTree(record.value()));
                }
            }
        }
        return events;
    }
}
