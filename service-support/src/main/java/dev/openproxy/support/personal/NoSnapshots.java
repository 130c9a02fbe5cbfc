package dev.openproxy.support.personal;

import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.modelling.command.AggregateRoot;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.stereotype.Aggregate;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.annotation.AnnotatedElementUtils;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Aggregate snapshots are impossible in OpenProxy (docs/adr/0012-crypto-shredding.md, "Snapshots"): a snapshot is
 * the aggregate's state (participant-service's holds the participants' numbers) written with Axon's general
 * serializer, which {@link PersonalDataSerializer} does not wrap and could not encrypt field by field, and nothing
 * would erase it. Two guards:
 * <ul>
 * <li>at start-up, a context that defines a {@link SnapshotTriggerDefinition} bean or an {@code @Aggregate} with a
 * {@code snapshotTriggerDefinition} fails to start, naming it;</li>
 * <li>whatever configures one anyway (a {@code ConfigurerModule}), the general serializer refuses to serialize an
 * aggregate, so the snapshotter's attempt fails (Axon logs it) and {@code snapshot_event_entry} stays empty.</li>
 * </ul>
 * Enabling snapshots means first giving them crypto-shredding (a snapshot serializer that encrypts under the
 * Session's key and a deletion of the snapshot with it), then removing this.
 */
final class NoSnapshots {

    /** Axon's bean name of the general serializer, which the event store uses for snapshots. */
    static final String GENERAL_SERIALIZER = "serializer";

    private NoSnapshots() {
    }

    static SmartInitializingSingleton startupCheck(ConfigurableListableBeanFactory beans) {
        return () -> {
            List<String> found = new ArrayList<>(List.of(beans.getBeanNamesForType(SnapshotTriggerDefinition.class, true, false)));
            for (String name : beans.getBeanNamesForAnnotation(Aggregate.class)) {
                Aggregate aggregate = beans.findAnnotationOnBean(name, Aggregate.class);
                if (aggregate != null && !aggregate.snapshotTriggerDefinition().isEmpty()) {
                    found.add(name + " (@Aggregate(snapshotTriggerDefinition = \"" + aggregate.snapshotTriggerDefinition() + "\"))");
                }
            }
            if (!found.isEmpty()) {
                throw new IllegalStateException("Aggregate snapshots would store personal data in the clear and are not "
                        + "supported (docs/adr/0012-crypto-shredding.md): remove " + String.join(", ", found));
            }
        };
    }

    /** The general serializer, refusing aggregates: only a snapshot ever serializes one. */
    static final class RefusingAggregates extends DelegatingSerializer {

        private static final Map<Class<?>, Boolean> AGGREGATES = new ConcurrentHashMap<>();

        RefusingAggregates(Serializer delegate) {
            super(delegate);
        }

        static boolean isAggregate(Class<?> type) {
            return AGGREGATES.computeIfAbsent(type, t -> AnnotatedElementUtils.hasAnnotation(t, AggregateRoot.class));
        }

        @Override
        public <T> SerializedObject<T> serialize(Object object, Class<T> expectedRepresentation) {
            if (object != null && isAggregate(object.getClass())) {
                throw new IllegalStateException("Refusing to serialize aggregate " + object.getClass().getSimpleName()
                        + ": snapshots would store personal data in the clear (docs/adr/0012-crypto-shredding.md)");
            }
            return super.serialize(object, expectedRepresentation);
        }
    }
}
