package dev.openproxy.numberpool.phonenumbers.command;

import dev.openproxy.contracts.events.phonenumber.PhoneNumberAddedEvent;
import dev.openproxy.contracts.events.phonenumber.PhoneNumberRemovedEvent;
import dev.openproxy.contracts.events.phonenumber.PhoneNumberReservationChangedEvent;
import dev.openproxy.numberpool.phonenumbers.api.AddPhoneNumberCommand;
import dev.openproxy.numberpool.phonenumbers.api.ChangeReservationCommand;
import dev.openproxy.numberpool.phonenumbers.api.PoolRejections;
import dev.openproxy.numberpool.phonenumbers.api.RemovePhoneNumberCommand;
import dev.openproxy.support.web.TwilioApiException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.Objects;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One pool entry (PN...): a proxy number's membership of a Service's pool and its reservation. A removed entry is
 * not deleted, so the same SID can come back (CreatePhoneNumber with {@code Sid}): an operator who moves a number
 * between Services, or from Twilio, keeps the SID clients stored. The rules that span entries (a number in at most
 * one pool, 80601; at most 500 unreserved and 5,000 reserved per Service) are checked by
 * {@code PoolDirectoryProjection} in the command's own transaction.
 */
@Aggregate
public class PoolNumberAggregate {

    @AggregateIdentifier
    private String phoneNumberSid;
    private String accountSid;
    private String serviceSid;
    private String phoneNumber;
    private boolean inPool;
    private boolean reserved;

    protected PoolNumberAggregate() {
        // for Axon: event sourcing, and CREATE_IF_MISSING for a SID never seen before
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(AddPhoneNumberCommand command) {
        if (phoneNumberSid != null) {
            // This SID was a pool entry before: it may come back, as the same number, for the same account.
            if (inPool || !accountSid.equals(command.accountSid())) {
                throw PoolRejections.notAvailable();
            }
            if (!phoneNumber.equals(command.number().e164())) {
                throw TwilioApiException.invalidParameter("Sid already identifies another phone number");
            }
        }
        apply(new PhoneNumberAddedEvent(command.phoneNumberSid(), command.serviceSid(), command.accountSid(),
                command.number().e164(), command.friendlyName(), command.number().isoCountry(),
                command.capabilities(), command.reserved(), command.now()));
    }

    @CommandHandler
    public void handle(ChangeReservationCommand command) {
        requireInPool(command.accountSid(), command.serviceSid());
        if (command.reserved() == reserved) {
            return; // nothing changes: no event, date_updated stays
        }
        apply(new PhoneNumberReservationChangedEvent(phoneNumberSid, serviceSid, accountSid, command.reserved(),
                command.now()));
    }

    @CommandHandler
    public void handle(RemovePhoneNumberCommand command) {
        requireInPool(command.accountSid(), command.serviceSid());
        apply(new PhoneNumberRemovedEvent(phoneNumberSid, serviceSid, accountSid, phoneNumber, command.now()));
    }

    /** Another account's or another Service's number, or one no longer in a pool, is not found (20404). */
    private void requireInPool(String callerAccountSid, String callerServiceSid) {
        if (!inPool || !Objects.equals(accountSid, callerAccountSid) || !Objects.equals(serviceSid, callerServiceSid)) {
            throw PoolRejections.notFound(callerServiceSid, phoneNumberSid);
        }
    }

    @EventSourcingHandler
    void on(PhoneNumberAddedEvent event) {
        phoneNumberSid = event.phoneNumberSid();
        accountSid = event.accountSid();
        serviceSid = event.serviceSid();
        phoneNumber = event.phoneNumber();
        reserved = event.reserved();
        inPool = true;
    }

    @EventSourcingHandler
    void on(PhoneNumberReservationChangedEvent event) {
        reserved = event.reserved();
    }

    @EventSourcingHandler
    void on(PhoneNumberRemovedEvent event) {
        inPool = false;
        reserved = false;
    }
}
