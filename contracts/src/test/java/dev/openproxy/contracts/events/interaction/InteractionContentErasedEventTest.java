package dev.openproxy.contracts.events.interaction;

import dev.openproxy.contracts.events.EventTypes;
import dev.openproxy.contracts.events.PersonalData;
import dev.openproxy.contracts.events.PersonalDataScope;
import org.junit.jupiter.api.Test;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class InteractionContentErasedEventTest {

    @Test
    void anErasureNoticeCarriesSidsReasonAndTimeOnly() {
        RecordComponent[] components = InteractionContentErasedEvent.class.getRecordComponents();

        assertThat(Arrays.stream(components).map(RecordComponent::getName))
                .as("a new field must not be personal: the notice outlives the content it announces erased")
                .containsExactly("interactionSid", "sessionSid", "serviceSid", "accountSid", "reason", "erasedAt");
        assertThat(components).noneMatch(component -> component.isAnnotationPresent(PersonalData.class)
                || component.isAnnotationPresent(PersonalDataScope.class));
    }

    @Test
    void itsTypeIsAnInteractionEventOfVersionOne() {
        assertThat(EventTypes.INTERACTION_CONTENT_ERASED).isEqualTo("dev.openproxy.interaction.content-erased.v1");
        assertThat(InteractionContentErasedEvent.RETENTION).isEqualTo("retention");
    }
}
