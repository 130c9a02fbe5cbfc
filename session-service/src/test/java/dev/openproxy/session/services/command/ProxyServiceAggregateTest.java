package dev.openproxy.session.services.command;

import dev.openproxy.contracts.events.service.ServiceCreatedEvent;
import dev.openproxy.contracts.events.service.ServiceDeletedEvent;
import dev.openproxy.contracts.events.service.ServiceSettings;
import dev.openproxy.contracts.events.service.ServiceUpdatedEvent;
import dev.openproxy.session.services.api.CreateServiceCommand;
import dev.openproxy.session.services.api.DeleteServiceCommand;
import dev.openproxy.session.services.api.ServiceSettingsPatch;
import dev.openproxy.session.services.api.UpdateServiceCommand;
import dev.openproxy.support.web.TwilioApiException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;

class ProxyServiceAggregateTest {

    private static final String SERVICE = "KS00000000000000000000000000000001";
    private static final String ACCOUNT = "AC00000000000000000000000000000001";
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final ServiceSettings SETTINGS = new ServiceSettings("support", 0, "https://example.com/cb",
            "country", "prefer-sticky", null, null, null);

    private AggregateTestFixture<ProxyServiceAggregate> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ProxyServiceAggregate.class);
    }

    @Test
    void serviceIsCreatedWithItsSettings() {
        fixture.givenNoPriorActivity()
                .when(new CreateServiceCommand(SERVICE, ACCOUNT, SETTINGS, T0))
                .expectEvents(new ServiceCreatedEvent(SERVICE, ACCOUNT, SETTINGS, T0));
    }

    @Test
    void updateChangesOnlyTheGivenSettingsAndBlankClears() {
        ServiceSettingsPatch patch = new ServiceSettingsPatch(null, 3600, "", "area-code", null, null, null, null);
        fixture.given(new ServiceCreatedEvent(SERVICE, ACCOUNT, SETTINGS, T0))
                .when(new UpdateServiceCommand(SERVICE, ACCOUNT, patch, T0.plusSeconds(1)))
                .expectEvents(new ServiceUpdatedEvent(SERVICE, ACCOUNT,
                        new ServiceSettings("support", 3600, null, "area-code", "prefer-sticky", null, null, null),
                        T0.plusSeconds(1)));
    }

    @Test
    void anotherAccountCannotDeleteTheService() {
        fixture.given(new ServiceCreatedEvent(SERVICE, ACCOUNT, SETTINGS, T0))
                .when(new DeleteServiceCommand(SERVICE, "AC00000000000000000000000000000009", T0))
                .expectException(TwilioApiException.class)
                .expectNoEvents();
    }

    @Test
    void serviceCanBeDeleted() {
        fixture.given(new ServiceCreatedEvent(SERVICE, ACCOUNT, SETTINGS, T0))
                .when(new DeleteServiceCommand(SERVICE, ACCOUNT, T0.plusSeconds(1)))
                .expectEvents(new ServiceDeletedEvent(SERVICE, ACCOUNT, T0.plusSeconds(1)))
                .expectMarkedDeleted();
    }
}
