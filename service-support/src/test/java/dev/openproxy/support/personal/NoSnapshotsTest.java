package dev.openproxy.support.personal;

import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.spring.stereotype.Aggregate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Snapshots would bypass the encrypting serializer (ADR 0012): a context that configures one does not start. The
 * other guard, the general serializer refusing aggregates, is checked against a real snapshotter in routing-service's
 * InteractionErasureIntegrationTest.
 */
class NoSnapshotsTest {

    @Configuration(proxyBeanMethods = false)
    static class Guard {
        @Bean
        static SmartInitializingSingleton noAggregateSnapshots(ConfigurableListableBeanFactory beans) {
            return NoSnapshots.startupCheck(beans);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class SnapshotEvery100Events {
        @Bean
        SnapshotTriggerDefinition everyHundred() {
            return new EventCountSnapshotTriggerDefinition((type, id) -> { }, 100);
        }
    }

    @Aggregate(snapshotTriggerDefinition = "everyHundred")
    static class SnapshottedAggregate {
    }

    @Aggregate
    static class PlainAggregate {
    }

    private final ApplicationContextRunner contexts = new ApplicationContextRunner().withUserConfiguration(Guard.class);

    @Test
    void aContextWithoutSnapshotsStarts() {
        contexts.withBean(PlainAggregate.class).run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void aSnapshotTriggerDefinitionBeanStopsTheStart() {
        contexts.withUserConfiguration(SnapshotEvery100Events.class).run(context ->
                assertThat(context).getFailure().hasMessageContaining("everyHundred")
                        .hasMessageContaining("personal data"));
    }

    @Test
    void anAggregateNamingASnapshotTriggerStopsTheStart() {
        contexts.withBean("snapshotted", SnapshottedAggregate.class).run(context ->
                assertThat(context).getFailure()
                        .hasMessageContaining("snapshotted (@Aggregate(snapshotTriggerDefinition = \"everyHundred\"))"));
    }
}
