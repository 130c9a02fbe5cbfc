package dev.openproxy.localstack;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A real Kafka broker in KRaft mode (one node that is broker and controller), run in this JVM from the
 * {@code kafka_2.13} jars: the storage is formatted once (like {@code kafka-storage.sh format}), then
 * {@link KafkaRaftServer} runs on it. Listens on 127.0.0.1 only; its logs (the data) survive restarts.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaBroker.class);

    private final KafkaRaftServer server;
    private final int port;
    private final Path directory;
    private volatile boolean stopped;

    private KafkaBroker(KafkaRaftServer server, int port, Path directory) {
        this.server = server;
        this.port = port;
        this.directory = directory;
    }

    /**
     * Starts a broker listening on {@code 127.0.0.1:port} with its data under {@code directory}; returns when the
     * broker answers a metadata request. The controller listens on another (free) loopback port.
     */
    public static KafkaBroker start(Path directory, int port) throws IOException {
        Ports.checkPort(port, "Kafka");
        if (!Ports.isFree("127.0.0.1", port)) {
            throw new IllegalStateException("Port " + port + " for Kafka is in use by another program");
        }
        Path logDirectory = directory.resolve("data");
        Files.createDirectories(logDirectory);
        Properties properties = serverProperties(logDirectory, port, Ports.free());
        Path propertiesFile = directory.resolve("server.properties");
        try (Writer writer = Files.newBufferedWriter(propertiesFile, StandardCharsets.UTF_8)) {
            properties.store(writer, "Written by OpenProxy's local stack at each start; edits are overwritten");
        }
        if (!Files.exists(logDirectory.resolve("meta.properties"))) {
            format(propertiesFile);
        }
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(properties, false), Time.SYSTEM);
        KafkaBroker broker = new KafkaBroker(server, port, directory);
        try {
            server.startup();
            broker.awaitMetadata();
        } catch (RuntimeException | IOException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    static Properties serverProperties(Path logDirectory, int port, int controllerPort) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", logDirectory.toAbsolutePath().toString());
        // One node: every internal topic has one replica, and few partitions keep the first start quick.
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "10");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("transaction.state.log.num.partitions", "4");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("auto.create.topics.enable", "true");
        p.setProperty("num.partitions", "1");
        // The event stores are the source of truth, but a developer's Kafka should not drop events a consumer has
        // not read yet just because the laptop was off for a week.
        p.setProperty("log.retention.ms", "-1");
        // Small machine: fewer threads than a production broker.
        p.setProperty("num.network.threads", "2");
        p.setProperty("num.io.threads", "2");
        p.setProperty("background.threads", "2");
        p.setProperty("num.recovery.threads.per.data.dir", "1");
        p.setProperty("log.cleaner.threads", "1");
        return p;
    }

    private static void format(Path propertiesFile) throws IOException {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exitCode;
        try (PrintStream printStream = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            exitCode = StorageTool.execute(new String[]{"format", "--cluster-id", Uuid.randomUuid().toString(),
                    "--config", propertiesFile.toString(), "--ignore-formatted"}, printStream);
        }
        String printed = output.toString(StandardCharsets.UTF_8).trim();
        if (exitCode != 0) {
            throw new IOException("Formatting Kafka's storage failed (exit " + exitCode + "): " + printed);
        }
        log.info("Formatted Kafka storage: {}", printed);
    }

    private void awaitMetadata() throws IOException {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000))) {
            admin.describeCluster().nodes().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while waiting for Kafka", e);
        } catch (Exception e) {
            throw new IOException("Kafka did not answer on " + bootstrapServers(), e);
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path directory() {
        return directory;
    }

    /** Stops the broker (controlled shutdown; the logs are flushed and kept). */
    @Override
    public synchronized void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            log.warn("Kafka did not stop cleanly", e);
        }
    }
}
