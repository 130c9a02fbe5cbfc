package dev.openproxy.contracts.events;

/**
 * Kafka topics that carry integration events. The version is part of the name: a breaking change to an
 * event's data gets a new topic, so consumers of the old one keep working. See docs/events.md.
 */
public final class Topics {
    /** Service lifecycle; key = service SID. */
    public static final String SERVICES = "openproxy.services.v1";
    /** Session lifecycle; key = session SID, so one session's events stay in order. */
    public static final String SESSIONS = "openproxy.sessions.v1";
    /** Participant lifecycle; key = session SID (issue 4). */
    public static final String PARTICIPANTS = "openproxy.participants.v1";
    /** Pool membership of proxy numbers; key = phone number SID (issue 3). */
    public static final String PHONE_NUMBERS = "openproxy.phone-numbers.v1";
    /** Interactions (messages and calls); key = session SID (issue 5). */
    public static final String INTERACTIONS = "openproxy.interactions.v1";

    private Topics() {
    }
}
