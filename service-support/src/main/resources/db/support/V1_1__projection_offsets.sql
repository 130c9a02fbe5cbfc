-- Kafka-fed projections record, in the same transaction as their update, the next offset they expect per
-- partition: a record seen twice changes nothing (idempotence), and ProjectionCatchUp can tell whether a
-- projection has applied everything that was on a topic at a given moment (read-your-writes across services).
CREATE TABLE projection_offsets (
    consumer    VARCHAR(255) NOT NULL,
    topic       VARCHAR(255) NOT NULL,
    partition   INTEGER      NOT NULL,
    next_offset BIGINT       NOT NULL,
    PRIMARY KEY (consumer, topic, partition)
);
