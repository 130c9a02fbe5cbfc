package dev.openproxy.routing.interaction;

import dev.openproxy.contracts.events.interaction.InteractionBlockedEvent;
import dev.openproxy.contracts.events.interaction.InteractionContentErasedEvent;
import dev.openproxy.contracts.events.interaction.InteractionCreatedEvent;
import dev.openproxy.contracts.events.interaction.InteractionDeletedEvent;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;

/** The Interaction's erasure notice (retention): one per Interaction that has content, and only while it is listed. */
class InteractionContentErasureTest {

    private static final String INTERACTION = "KI00000000000000000000000000000001";
    private static final String SESSION = "KC00000000000000000000000000000001";
    private static final String SERVICE = "KS00000000000000000000000000000001";
    private static final String ACCOUNT = "AC00000000000000000000000000000001";
    private static final Instant CREATED = Instant.parse("2030-01-01T00:00:00Z");
    private static final Instant ERASED = Instant.parse("2030-04-01T00:00:00Z");

    private AggregateTestFixture<Interaction> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Interaction.class);
    }

    private static InteractionCreatedEvent created() {
        return new InteractionCreatedEvent(INTERACTION, SESSION, SERVICE, ACCOUNT, Interaction.MESSAGE,
                Interaction.messageData("hello"), "KP00000000000000000000000000000001", "SM00000000000000000000000000000001",
                Interaction.MESSAGE, "received", "KP00000000000000000000000000000002", Interaction.MESSAGE,
                "+14155550100", "+14155550101", CREATED);
    }

    private static EraseContentCommand retention() {
        return new EraseContentCommand(INTERACTION, InteractionContentErasedEvent.RETENTION, ERASED);
    }

    private static InteractionContentErasedEvent erased() {
        return new InteractionContentErasedEvent(INTERACTION, SESSION, SERVICE, ACCOUNT,
                InteractionContentErasedEvent.RETENTION, ERASED);
    }

    @Test
    void aListedInteractionAnnouncesItsErasureWithSidsReasonAndTime() {
        fixture.given(created())
                .when(retention())
                .expectSuccessfulHandlerExecution()
                .expectEvents(erased());
    }

    @Test
    void anInteractionAlreadyErasedAnnouncesNothingAgain() {
        fixture.given(created(), erased())
                .when(retention())
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aDeletedInteractionAnnouncesNothing() {
        fixture.given(created(), new InteractionDeletedEvent(INTERACTION, SESSION, SERVICE, ACCOUNT, CREATED.plusSeconds(60)))
                .when(retention())
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aBlockedContactHasNoContentAndAnnouncesNothing() {
        fixture.given(new InteractionBlockedEvent(INTERACTION, SESSION, SERVICE, ACCOUNT, Interaction.MESSAGE,
                        "KP00000000000000000000000000000001", "SM00000000000000000000000000000001",
                        Interaction.INBOUND_CONTACT_REJECTED, CREATED))
                .when(retention())
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void anErasedInteractionCanStillBeDeleted() {
        fixture.given(created(), erased())
                .when(new DeleteInteractionCommand(INTERACTION, ACCOUNT, SERVICE, SESSION, ERASED.plusSeconds(60)))
                .expectEvents(new InteractionDeletedEvent(INTERACTION, SESSION, SERVICE, ACCOUNT, ERASED.plusSeconds(60)));
    }
}
