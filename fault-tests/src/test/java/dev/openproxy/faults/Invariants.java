package dev.openproxy.faults;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openproxy.contracts.events.EventTypes;
import dev.openproxy.testsupport.carrier.FakeTwilioCarrier;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What must hold after the faults, each broken case as one line that names what is wrong:
 * <ol>
 *     <li>every accepted create has its event in the owning service's event store, and that event is on Kafka;</li>
 *     <li>every inbound SMS answered 2xx reached the partner exactly once: one outbound message at the carrier (a leg
 *     the outbox sent again after a crash carries the same I-Twilio-Idempotency-Token, so a de-duplicating carrier
 *     delivers it once; a second leg is a duplicate), from the partner's proxy number; an SMS never accepted reached
 *     nobody or one partner, never two;</li>
 *     <li>no (identifier, proxy number) pair is in two Sessions (all of them stay open, so all are active);</li>
 *     <li>the projections converge: every Session of the event store reads back through the gateway with its
 *     UniqueName and exactly the Participants of the event store, and every pool number's in_use (number-pool-service,
 *     fed from Kafka) counts the Sessions the event store puts on it.</li>
 * </ol>
 * The cheap checks run first; the API reads of the last two only when the first ones hold.
 */
final class Invariants {

    static final String IDEMPOTENCY_HEADER = "i-twilio-idempotency-token";

    private final FaultStack faults;
    private final GatewayApi api;
    private final String serviceSid;
    private final List<String> poolNumberSids;

    Invariants(FaultStack faults, String serviceSid, List<String> poolNumberSids) {
        this.faults = faults;
        this.api = faults.api();
        this.serviceSid = serviceSid;
        this.poolNumberSids = List.copyOf(poolNumberSids);
    }

    List<String> violations(LoadRecord load) throws SQLException {
        EventStores stores = new EventStores(faults.stack);
        Map<String, EventStores.StoredSession> sessions = stores.sessionsCreated();
        Map<String, EventStores.StoredParticipant> participants = stores.participantsAdded();
        List<String> violations = new ArrayList<>();
        acceptedCreatesAreStoredAndPublished(load, sessions, participants, violations);
        everyAcceptedSmsIsRelayedOnce(load, violations);
        if (violations.isEmpty()) {
            projectionsMatchTheEventStores(sessions, participants, violations);
        }
        return violations;
    }

    private void acceptedCreatesAreStoredAndPublished(LoadRecord load, Map<String, EventStores.StoredSession> sessions,
                                                      Map<String, EventStores.StoredParticipant> participants,
                                                      List<String> violations) {
        Set<String> sessionEventsOnKafka = eventIds(dev.openproxy.contracts.events.Topics.SESSIONS, EventTypes.SESSION_CREATED);
        Set<String> participantEventsOnKafka = eventIds(dev.openproxy.contracts.events.Topics.PARTICIPANTS,
                EventTypes.PARTICIPANT_ADDED);
        for (LoadRecord.Session session : load.sessions) {
            EventStores.StoredSession stored = sessions.get(session.sid());
            if (stored == null) {
                violations.add("accepted Session " + session.sid() + " has no SessionCreatedEvent in session_service");
            } else if (!sessionEventsOnKafka.contains(stored.eventId())) {
                violations.add("accepted Session " + session.sid() + ": its event " + stored.eventId()
                        + " is not on Kafka");
            }
        }
        for (LoadRecord.Participant participant : load.participants) {
            EventStores.StoredParticipant stored = participants.get(participant.sid());
            if (stored == null) {
                violations.add("accepted Participant " + participant.sid() + " has no ParticipantAddedEvent in "
                        + "participant_service");
            } else if (!participantEventsOnKafka.contains(stored.eventId())) {
                violations.add("accepted Participant " + participant.sid() + ": its event " + stored.eventId()
                        + " is not on Kafka");
            }
        }
    }

    private Set<String> eventIds(String topic, String type) {
        return Topics.readAll(faults.stack.kafkaBootstrapServers(), topic).stream()
                .filter(event -> type.equals(event.path("type").asText()))
                .map(event -> event.path("id").asText()).collect(Collectors.toSet());
    }

    private void everyAcceptedSmsIsRelayedOnce(LoadRecord load, List<String> violations) {
        Map<String, List<FakeTwilioCarrier.Request>> relayedByBody = faults.carrier.requests().stream()
                .filter(request -> request.path().equals(faults.carrier.messagesPath()))
                .collect(Collectors.groupingBy(request -> request.form().getOrDefault("Body", "")));
        for (LoadRecord.Sms sms : load.sms) {
            List<FakeTwilioCarrier.Request> relayed = relayedByBody.getOrDefault(sms.token(), List.of());
            Set<String> legs = relayed.stream().map(request -> request.headers().getOrDefault(IDEMPOTENCY_HEADER,
                    "(none) " + request.messageSid())).collect(Collectors.toCollection(TreeSet::new));
            if (sms.accepted() && legs.isEmpty()) {
                violations.add("accepted SMS " + sms.token() + " (" + sms.messageSid() + ", " + sms.deliveries()
                        + " deliveries) was never relayed: lost");
            } else if (legs.size() > 1) {
                violations.add("SMS " + sms.token() + " (" + sms.messageSid() + ", " + sms.deliveries()
                        + " deliveries) was relayed as " + legs.size() + " different messages " + legs + ": duplicated");
            }
            for (FakeTwilioCarrier.Request request : relayed) {
                if (!sms.expectedTo().equals(request.form().get("To"))
                        || !sms.expectedFrom().equals(request.form().get("From"))) {
                    violations.add("SMS " + sms.token() + " was relayed to the wrong participant or from the wrong "
                            + "proxy number");
                }
            }
        }
    }

    private void projectionsMatchTheEventStores(Map<String, EventStores.StoredSession> sessions,
                                                Map<String, EventStores.StoredParticipant> participants,
                                                List<String> violations) {
        Map<String, Set<String>> participantsBySession = new HashMap<>();
        Map<String, Set<String>> sessionsByNumber = new HashMap<>();
        participants.forEach((sid, stored) -> {
            participantsBySession.computeIfAbsent(stored.sessionSid(), s -> new TreeSet<>()).add(sid);
            sessionsByNumber.computeIfAbsent(stored.proxyIdentifierSid(), n -> new HashSet<>()).add(stored.sessionSid());
        });
        Map<String, String> pairs = new HashMap<>();
        sessions.forEach((sessionSid, stored) -> {
            String path = "/v1/Services/" + serviceSid + "/Sessions/" + sessionSid;
            GatewayApi.Answer session = api.get(path);
            if (session.status() != 200 || !Objects.equals(stored.uniqueName(), session.text("unique_name"))) {
                violations.add("Session " + sessionSid + " reads " + session.status() + " " + session.body()
                        + " through the gateway; its event says UniqueName " + stored.uniqueName());
                return;
            }
            GatewayApi.Answer page = api.get(path + "/Participants?PageSize=100");
            Set<String> read = new TreeSet<>();
            for (JsonNode participant : page.body().path("participants")) {
                read.add(participant.path("sid").asText());
                String pair = participant.path("identifier").asText() + " on " + participant.path("proxy_identifier").asText();
                String other = pairs.put(pair, sessionSid);
                if (other != null) {
                    violations.add("the pair (identifier, proxy number) of Participant " + participant.path("sid").asText()
                            + " is active in two Sessions: " + other + " and " + sessionSid);
                }
            }
            Set<String> expected = participantsBySession.getOrDefault(sessionSid, Set.of());
            if (page.status() != 200 || !read.equals(expected)) {
                violations.add("Session " + sessionSid + " lists Participants " + read + " (" + page.status()
                        + "); the event store has " + expected);
            }
        });
        for (String numberSid : poolNumberSids) {
            GatewayApi.Answer number = api.get("/v1/Services/" + serviceSid + "/PhoneNumbers/" + numberSid);
            int expected = sessionsByNumber.getOrDefault(numberSid, Set.of()).size();
            if (number.status() != 200 || number.body().path("in_use").asInt(-1) != expected) {
                violations.add("PhoneNumber " + numberSid + " reads in_use " + number.body().path("in_use") + " ("
                        + number.status() + "); the event store puts " + expected + " Sessions on it");
            }
        }
    }
}
