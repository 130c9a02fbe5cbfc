package dev.openproxy.contracts.events;

/**
 * CloudEvents {@code type} of every integration event. The trailing {@code .v1} is the version of the event's
 * data: a breaking change adds a {@code .v2} type (and topic); additions of fields keep the version.
 */
public final class EventTypes {
    public static final String SERVICE_CREATED = "dev.openproxy.service.created.v1";
    public static final String SERVICE_UPDATED = "dev.openproxy.service.updated.v1";
    public static final String SERVICE_DELETED = "dev.openproxy.service.deleted.v1";

    public static final String SESSION_CREATED = "dev.openproxy.session.created.v1";
    public static final String SESSION_EXPIRY_CHANGED = "dev.openproxy.session.expiry-changed.v1";
    public static final String SESSION_CLOSED = "dev.openproxy.session.closed.v1";
    public static final String SESSION_REOPENED = "dev.openproxy.session.reopened.v1";
    public static final String SESSION_DELETED = "dev.openproxy.session.deleted.v1";
    public static final String SESSION_INTERACTION_RECORDED = "dev.openproxy.session.interaction-recorded.v1";

    public static final String PHONE_NUMBER_ADDED = "dev.openproxy.phone-number.added.v1";
    public static final String PHONE_NUMBER_RESERVATION_CHANGED = "dev.openproxy.phone-number.reservation-changed.v1";
    public static final String PHONE_NUMBER_REMOVED = "dev.openproxy.phone-number.removed.v1";

    public static final String PARTICIPANT_ADDED = "dev.openproxy.participant.added.v1";
    public static final String PARTICIPANT_REMOVED = "dev.openproxy.participant.removed.v1";

    public static final String INTERACTION_CREATED = "dev.openproxy.interaction.created.v1";
    public static final String INTERACTION_LEG_STATUS_CHANGED = "dev.openproxy.interaction.leg-status-changed.v1";
    public static final String INTERACTION_DELETED = "dev.openproxy.interaction.deleted.v1";
    public static final String INTERACTION_BLOCKED = "dev.openproxy.interaction.blocked.v1";
    public static final String INTERACTION_CONTENT_ERASED = "dev.openproxy.interaction.content-erased.v1";
    public static final String INBOUND_OUT_OF_SESSION = "dev.openproxy.interaction.out-of-session.v1";

    private EventTypes() {
    }
}
