package dev.openproxy.support.projection;

import java.util.List;

/**
 * What a service declares about its read models, so that {@link ProjectionRebuild} can rebuild them. Each service
 * has one such bean; its Javadoc says which of its tables are projections and which are write-side state (and why).
 *
 * @param tables           the projection tables: emptied, then filled again from events. Every other table of the
 *                         service (its event store, token_entry, personal_data_keys, reservations, outboxes) is
 *                         write-side state and is never touched by a rebuild
 * @param kafkaConsumers   the {@link KafkaFedProjection}s, by consumer name, in the order they are replayed; every
 *                         one of the service's must be listed. Listeners that clean up after a deletion (a Service's
 *                         sessions and numbers) go last, so that they find everything they clean up
 * @param processingGroups the Axon processing groups (subscribing) replayed from the service's own event store
 * @param keptColumns      columns of projection tables that are not derived from events (set by a job, say): their
 *                         values are saved before the tables are emptied and written back once the rows exist again
 */
public record ReadModel(List<String> tables, List<String> kafkaConsumers, List<String> processingGroups,
                        List<KeptColumn> keptColumns) {

    public ReadModel {
        tables = List.copyOf(tables);
        kafkaConsumers = List.copyOf(kafkaConsumers);
        processingGroups = List.copyOf(processingGroups);
        keptColumns = List.copyOf(keptColumns);
        for (KeptColumn kept : keptColumns) {
            if (!tables.contains(kept.table())) {
                throw new IllegalArgumentException(kept.table() + " is not a projection table of this service");
            }
        }
    }

    /** A column of a projection table that a rebuild keeps, found again by the row's key column. */
    public record KeptColumn(String table, String keyColumn, String column) {
    }
}
