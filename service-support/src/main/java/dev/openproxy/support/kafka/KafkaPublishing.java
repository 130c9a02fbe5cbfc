package dev.openproxy.support.kafka;

/** The Axon processing group of every service's Kafka publisher: a tracking processor over the service's event store. */
public final class KafkaPublishing {
    public static final String PROCESSING_GROUP = "kafka-publisher";

    /**
     * Events the publisher takes in one transaction: sent together, acknowledged together, one token update. A batch
     * holds what is in the event store when the processor looks, up to this many: under light load it is one event
     * and waits for nothing.
     */
    public static final int BATCH_SIZE = 100;

    private KafkaPublishing() {
    }
}
