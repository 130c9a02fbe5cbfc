package dev.openproxy.numberpool.phonenumbers.query;

import dev.openproxy.contracts.events.phonenumber.PhoneNumberAddedEvent;
import dev.openproxy.contracts.events.phonenumber.PhoneNumberRemovedEvent;
import dev.openproxy.contracts.events.phonenumber.PhoneNumberReservationChangedEvent;
import dev.openproxy.numberpool.config.PoolProperties;
import dev.openproxy.numberpool.phonenumbers.api.PoolRejections;
import dev.openproxy.numberpool.services.ServiceRepository;
import dev.openproxy.numberpool.usage.PoolUsageRepository;
import dev.openproxy.support.projection.RebuildMode;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code pool_numbers} and {@code pool_capacity} in the command's transaction (subscribing), and with them
 * the pool's set-based rules: a failure here rolls the whole command back, event included.
 * <ul>
 * <li>The Service must exist (a share lock on its row keeps a concurrent Service deletion from missing the number).</li>
 * <li>A number is in at most one pool: the unique constraint {@link PoolNumberRepository#UNIQUE_NUMBER} (80601).</li>
 * <li>At most {@code max-unreserved} and {@code max-reserved} numbers per Service: {@link PoolCapacity}.</li>
 * </ul>
 * In a projection rebuild ({@link RebuildMode}) the rules are not checked again: a replayed event was accepted once,
 * and the Service may be deleted, or the limits lowered, since.
 */
@Component
@ProcessingGroup("pool-directory")
public class PoolDirectoryProjection {

    private final PoolNumberRepository numbers;
    private final PoolCapacity capacity;
    private final ServiceRepository services;
    private final PoolUsageRepository usage;
    private final PoolProperties limits;
    private final RebuildMode rebuild;

    public PoolDirectoryProjection(PoolNumberRepository numbers, PoolCapacity capacity, ServiceRepository services,
                                   PoolUsageRepository usage, PoolProperties limits, RebuildMode rebuild) {
        this.numbers = numbers;
        this.capacity = capacity;
        this.services = services;
        this.usage = usage;
        this.limits = limits;
        this.rebuild = rebuild;
    }

    @EventHandler
    void on(PhoneNumberAddedEvent event) {
        if (!rebuild.isOn() && !services.existsLocked(event.accountSid(), event.serviceSid())) {
            throw PoolRejections.serviceNotFound(event.serviceSid());
        }
        numbers.insert(event);
        if (!capacity.tryAdd(event.serviceSid(), event.reserved(), limit(event.reserved()))) {
            throw PoolRejections.limitReached(event.reserved(), limits.limit(event.reserved()));
        }
        // A number that comes back may still be used by sessions that were active all along.
        usage.recount(event.phoneNumberSid());
    }

    @EventHandler
    void on(PhoneNumberReservationChangedEvent event) {
        if (!capacity.tryMove(event.serviceSid(), event.reserved(), limit(event.reserved()))) {
            throw PoolRejections.limitReached(event.reserved(), limits.limit(event.reserved()));
        }
        numbers.updateReservation(event.phoneNumberSid(), event.reserved(), event.changedAt());
    }

    @EventHandler
    void on(PhoneNumberRemovedEvent event) {
        numbers.find(event.accountSid(), event.serviceSid(), event.phoneNumberSid()).ifPresent(row -> {
            numbers.delete(row.sid());
            capacity.remove(row.serviceSid(), row.reserved());
        });
    }

    private int limit(boolean reserved) {
        return rebuild.isOn() ? Integer.MAX_VALUE : limits.limit(reserved);
    }

    @ResetHandler
    void reset() {
        numbers.deleteAll();
        capacity.deleteAll();
    }
}
