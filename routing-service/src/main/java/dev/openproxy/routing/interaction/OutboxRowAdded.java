package dev.openproxy.routing.interaction;

/**
 * A Spring application event, published in-process once the transaction that wrote an {@code outbound_messages} row
 * has committed: wakes the outbox sender so a relayed SMS does not wait for the next poll. Carries nothing: the row
 * is read, and claimed, from the database.
 */
public record OutboxRowAdded() {
}
