package dev.openproxy.routing.directory;

/** The Kafka-fed projections of this service: each a consumer group and the name its offsets are stored under. */
public final class Projections {
    /** openproxy.services.v1 -> known_services. */
    public static final String SERVICES = "routing-service.service-directory";
    /** openproxy.sessions.v1 -> known_sessions (and removal of a deleted session's routes and interactions). */
    public static final String SESSIONS = "routing-service.session-directory";
    /** openproxy.phone-numbers.v1 -> known_numbers. */
    public static final String NUMBERS = "routing-service.number-directory";
    /** openproxy.participants.v1 -> routing_table. */
    public static final String PARTICIPANTS = "routing-service.routing-table";

    private Projections() {
    }
}
