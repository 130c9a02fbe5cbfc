package dev.openproxy.support.kafka;

/** The Axon processing group of every service's Kafka publisher: a tracking processor over the service's event store. */
public final class KafkaPublishing {
    public static final String PROCESSING_GROUP = "kafka-publisher";

    private KafkaPublishing() {
    }
}
