package dev.openproxy.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openproxy.contracts.events.participant.ParticipantAddedEvent;
import dev.openproxy.contracts.events.session.SessionCreatedEvent;
import dev.openproxy.localstack.LocalStack;
import dev.openproxy.localstack.ProxyService;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * What the services' event stores hold (Axon's {@code domain_event_entry} in each service's own database): the source
 * of truth the API's answers and Kafka are checked against. Only ids and plain fields are read; personal fields are
 * encrypted there and not needed.
 */
final class EventStores {

    record StoredSession(String eventId, String uniqueName) {
    }

    record StoredParticipant(String eventId, String sessionSid, String proxyIdentifierSid) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LocalStack stack;

    EventStores(LocalStack stack) {
        this.stack = stack;
    }

    /** Session SID -> its SessionCreatedEvent. */
    Map<String, StoredSession> sessionsCreated() throws SQLException {
        Map<String, StoredSession> sessions = new HashMap<>();
        read(ProxyService.SESSION, SessionCreatedEvent.class, (eventId, payload) -> sessions.put(
                field(payload, "sessionSid", "session_sid"),
                new StoredSession(eventId, field(payload, "uniqueName", "unique_name"))));
        return sessions;
    }

    /** Participant SID -> its ParticipantAddedEvent. */
    Map<String, StoredParticipant> participantsAdded() throws SQLException {
        Map<String, StoredParticipant> participants = new HashMap<>();
        read(ProxyService.PARTICIPANT, ParticipantAddedEvent.class, (eventId, payload) -> participants.put(
                field(payload, "participantSid", "participant_sid"),
                new StoredParticipant(eventId, field(payload, "sessionSid", "session_sid"),
                        field(payload, "proxyIdentifierSid", "proxy_identifier_sid"))));
        return participants;
    }

    private interface Row {
        void accept(String eventId, JsonNode payload);
    }

    private void read(ProxyService service, Class<?> eventType, Row row) throws SQLException {
        try (Connection connection = DriverManager.getConnection(stack.jdbcUrl(service), stack.databaseUser(), "");
             PreparedStatement query = connection.prepareStatement("SELECT event_identifier, payload "
                     + "FROM domain_event_entry WHERE payload_type = ? ORDER BY global_index")) {
            query.setString(1, eventType.getName());
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    row.accept(rows.getString(1), parse(rows.getBytes(2)));
                }
            }
        }
    }

    private static JsonNode parse(byte[] payload) {
        try {
            return JSON.readTree(payload);
        } catch (IOException e) {
            throw new IllegalStateException("an event payload that is not JSON", e);
        }
    }

    /** The serializer's naming is not this test's business: either spelling will do. */
    private static String field(JsonNode payload, String camelCase, String snakeCase) {
        JsonNode value = payload.has(camelCase) ? payload.get(camelCase) : payload.path(snakeCase);
        return value.isMissingNode() || value.isNull() ? null : value.asText();
    }
}
