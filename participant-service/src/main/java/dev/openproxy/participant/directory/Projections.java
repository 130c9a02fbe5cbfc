package dev.openproxy.participant.directory;

/**
 * The Kafka-fed projections of this service: each is a consumer group and the name under which
 * {@link dev.openproxy.support.consistency.ProjectionOffsets} records how far it got.
 */
public final class Projections {
    /** openproxy.services.v1 -> known_services. */
    public static final String SERVICE_DIRECTORY = "participant-service.service-directory";
    /** openproxy.sessions.v1 -> known_sessions, and the release of a closed or deleted session's pairs. */
    public static final String SESSION_DIRECTORY = "participant-service.session-directory";
    /** openproxy.phone-numbers.v1 -> pool_numbers. */
    public static final String POOL_DIRECTORY = "participant-service.pool-directory";

    private Projections() {
    }
}
