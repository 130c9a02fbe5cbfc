package dev.openproxy.localstack;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The launcher for real: PostgreSQL and Kafka start, take connections, keep their data across a restart and stop;
 * services (small stand-ins, so this module does not depend on the real ones) start, get their settings, restart,
 * and a service that dies during start-up fails the start with the end of its log.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class LocalStackTest {

    private static final String ACCOUNT_SID = "AC" + "0123456789abcdef".repeat(2);
    private static final String AUTH_TOKEN = "local-stack-test-token";

    @TempDir
    Path temporary;

    @Test
    void postgresAndKafkaAcceptConnectionsKeepTheirDataAndStopCleanly() throws Exception {
        Path data = temporary.resolve("data");
        List<String> progress = new ArrayList<>();
        LocalStack stack = LocalStack.builder().repositoryRoot(temporary).dataDirectory(data).randomPorts()
                .services().progress(progress::add).start();
        int postgresPort = stack.postgresPort();
        int kafkaPort = Integer.parseInt(stack.kafkaBootstrapServers().split(":")[1]);
        try {
            for (ProxyService service : ProxyService.values()) {
                try (Connection connection = DriverManager.getConnection(stack.jdbcUrl(service), "postgres", "")) {
                    assertThat(connection.isValid(5)).isTrue();
                }
            }
            try (Connection connection = DriverManager.getConnection(stack.jdbcUrl("session_service"), "postgres", "");
                 Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE kept (value TEXT)");
                statement.execute("INSERT INTO kept VALUES ('survives a restart')");
            }
            produce(stack.kafkaBootstrapServers(), "local-stack-test", "KS1", "first");
            assertThat(consumeAll(stack.kafkaBootstrapServers(), "local-stack-test")).containsExactly("first");
        } finally {
            stack.close();
        }
        assertThat(progress).anyMatch(line -> line.startsWith("PostgreSQL ready"))
                .anyMatch(line -> line.startsWith("Kafka ready"));
        assertThat(Ports.isFree("127.0.0.1", postgresPort)).isTrue();
        assertThat(Ports.isFree("127.0.0.1", kafkaPort)).isTrue();
        assertThat(data.resolve("postgres/postmaster.pid")).doesNotExist();

        // Same data directory, same ports: the row and the record are still there.
        try (LocalStack again = LocalStack.builder().repositoryRoot(temporary).dataDirectory(data).services()
                .postgresPort(postgresPort).kafkaPort(kafkaPort).progress(line -> { }).start()) {
            try (Connection connection = DriverManager.getConnection(again.jdbcUrl("session_service"), "postgres", "");
                 Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT value FROM kept")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("survives a restart");
            }
            assertThat(consumeAll(again.kafkaBootstrapServers(), "local-stack-test")).containsExactly("first");
        }
    }

    @Test
    void kafkaAndPostgresRestartInPlaceWithTheirData() throws Exception {
        List<String> progress = new ArrayList<>();
        try (LocalStack stack = LocalStack.builder().repositoryRoot(temporary).dataDirectory(temporary.resolve("data"))
                .randomPorts().services().progress(progress::add).start()) {
            try (Connection connection = DriverManager.getConnection(stack.jdbcUrl("routing_service"), "postgres", "");
                 Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE kept (value TEXT)");
                statement.execute("INSERT INTO kept VALUES ('committed before the restart')");
            }
            produce(stack.kafkaBootstrapServers(), "restart-test", "KS1", "before");
            String bootstrap = stack.kafkaBootstrapServers();

            stack.restartKafka();
            assertThat(stack.kafkaBootstrapServers()).isEqualTo(bootstrap);
            produce(bootstrap, "restart-test", "KS1", "after");
            assertThat(consumeAll(bootstrap, "restart-test", 2)).containsExactly("before", "after");

            Connection cut = DriverManager.getConnection(stack.jdbcUrl("routing_service"), "postgres", "");
            stack.restartPostgres();
            assertThat(cut.isValid(2)).as("a connection opened before the restart is dead").isFalse();
            cut.close();
            try (Connection connection = DriverManager.getConnection(stack.jdbcUrl("routing_service"), "postgres", "");
                 Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT value FROM kept")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("committed before the restart");
            }
        }
        assertThat(progress).contains("Kafka stopped", "PostgreSQL stopped")
                .anyMatch(line -> line.startsWith("Kafka ready again"))
                .anyMatch(line -> line.startsWith("PostgreSQL ready again"));
    }

    @Test
    void servicesStartWithTheirSettingsAndOneCanBeRestarted() throws Exception {
        Path root = fakeRepository();
        try (LocalStack stack = LocalStack.builder().repositoryRoot(root).dataDirectory(temporary.resolve("data"))
                .randomPorts().publicBaseUrl("https://proxy.twilio.com").account(ACCOUNT_SID, AUTH_TOKEN)
                .progress(line -> { }).start()) {

            assertThat(readiness(stack.gatewayUrl())).isEqualTo(200);
            assertThat(stack.startupTime()).isPositive();
            String gatewayLog = Files.readString(stack.logFile(ProxyService.GATEWAY));
            assertThat(gatewayLog)
                    .contains("arg --server.port=" + stack.port(ProxyService.GATEWAY))
                    .contains("arg --spring.datasource.url=jdbc:postgresql://127.0.0.1:" + stack.postgresPort()
                            + "/api_gateway")
                    .contains("arg --spring.kafka.bootstrap-servers=" + stack.kafkaBootstrapServers())
                    .contains("arg --openproxy.api.public-base-url=https://proxy.twilio.com")
                    .contains("arg --openproxy.gateway.services.session=" + stack.serviceUrl(ProxyService.SESSION))
                    .contains("arg --openproxy.gateway.services.number-pool="
                            + stack.serviceUrl(ProxyService.NUMBER_POOL))
                    .contains("arg --openproxy.gateway.bootstrap-account.sid=" + ACCOUNT_SID)
                    .contains("arg --openproxy.gateway.bootstrap-account.auth-token=" + AUTH_TOKEN);
            // The launcher's own header line in the log never shows the token.
            assertThat(gatewayLog.lines().filter(line -> line.startsWith("====")).findFirst().orElseThrow())
                    .contains("auth-token=****").doesNotContain(AUTH_TOKEN);
            assertThat(Files.readString(stack.logFile(ProxyService.SESSION)))
                    .contains("/session_service").doesNotContain("bootstrap-account");

            stack.stopService(ProxyService.ROUTING);
            assertThat(stack.isRunning(ProxyService.ROUTING)).isFalse();
            assertThat(stack.exitedServices()).isEmpty();
            assertThat(readiness(stack.serviceUrl(ProxyService.ROUTING))).isEqualTo(-1);

            stack.startService("routing-service");
            assertThat(readiness(stack.serviceUrl(ProxyService.ROUTING))).isEqualTo(200);
            assertThat(Files.readString(stack.logFile(ProxyService.ROUTING)))
                    .contains("stub stopping").containsPattern("(?s)stub started.*stub started");

            // A crash: no shutdown hook runs.
            stack.killService(ProxyService.SESSION);
            assertThat(readiness(stack.serviceUrl(ProxyService.SESSION))).isEqualTo(-1);
            assertThat(Files.readString(stack.logFile(ProxyService.SESSION))).doesNotContain("stub stopping");
            stack.startService(ProxyService.SESSION);
            assertThat(readiness(stack.serviceUrl(ProxyService.SESSION))).isEqualTo(200);

            // The benchmark measures reads under Twilio's rate limits after writes without them.
            assertThat(gatewayLog).contains("arg --openproxy.gateway.rate-limit.enabled=false");
            stack.restartGateway(true);
            assertThat(stack.rateLimits()).isTrue();
            assertThat(readiness(stack.gatewayUrl())).isEqualTo(200);
            assertThat(Files.readString(stack.logFile(ProxyService.GATEWAY)))
                    .contains("arg --openproxy.gateway.rate-limit.enabled=true")
                    .contains("arg --server.port=" + stack.port(ProxyService.GATEWAY));
        }
    }

    @Test
    void aServiceThatDiesDuringStartupFailsTheStartWithTheEndOfItsLog() throws Exception {
        Path root = fakeRepository();
        LocalStack stack = LocalStack.builder().repositoryRoot(root).dataDirectory(temporary.resolve("data"))
                .randomPorts().account(ACCOUNT_SID, AUTH_TOKEN)
                .serviceArguments(ProxyService.PARTICIPANT, "--stub.exit-code=3")
                .serviceArguments(ProxyService.SESSION, "--stub.ready-after-ms=60000")
                .progress(line -> { }).build();

        assertThatThrownBy(stack::start).isInstanceOf(LocalStackException.class)
                .hasMessageContaining("participant-service exited during start-up with code 3")
                .hasMessageContaining("APPLICATION FAILED TO START");

        // Everything else was stopped again.
        assertThat(readiness(stack.gatewayUrl())).isEqualTo(-1);
        assertThat(stack.isRunning(ProxyService.SESSION)).isFalse();
        assertThat(Ports.isFree("127.0.0.1", stack.postgresPort())).isTrue();
    }

    @Test
    void aServiceThatIsNotReadyInTimeFailsTheStart() throws Exception {
        Path root = fakeRepository();
        LocalStack stack = LocalStack.builder().repositoryRoot(root).dataDirectory(temporary.resolve("data"))
                .randomPorts().account(ACCOUNT_SID, AUTH_TOKEN).services(ProxyService.SESSION)
                .serviceArguments(ProxyService.SESSION, "--stub.ready-after-ms=600000")
                .startTimeout(Duration.ofSeconds(5)).progress(line -> { }).build();

        assertThatThrownBy(stack::start).isInstanceOf(LocalStackException.class)
                .hasMessageContaining("Not ready within 5 s: session-service")
                .hasMessageContaining("stub started");
        assertThat(stack.isRunning(ProxyService.SESSION)).isFalse();
    }

    @Test
    void aServiceLeftRunningByAKilledLauncherIsStoppedFirst() throws Exception {
        Path root = fakeRepository();
        Path data = temporary.resolve("data");
        int port = Ports.free();
        // What a launcher killed with SIGKILL leaves behind: its child, still on the port, and the child's pid file.
        Process orphan = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                ProxyService.ROUTING.executableJar(root, StackVersion.current()).toString(), "--server.port=" + port)
                .redirectErrorStream(true).redirectOutput(temporary.resolve("orphan.log").toFile()).start();
        try {
            Files.createDirectories(data.resolve("run"));
            Files.writeString(data.resolve("run/routing-service.pid"), orphan.pid() + "\nrouting-service\n");
            Files.writeString(data.resolve(DataDirectory.MARKER), "");
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (readiness("http://127.0.0.1:" + port) != 200 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            List<String> progress = new ArrayList<>();

            try (LocalStack stack = LocalStack.builder().repositoryRoot(root).dataDirectory(data).randomPorts()
                    .port(ProxyService.ROUTING, port).services(ProxyService.ROUTING).account(ACCOUNT_SID, AUTH_TOKEN)
                    .progress(progress::add).start()) {

                assertThat(orphan.isAlive()).isFalse();
                assertThat(progress).contains("Stopped routing-service (pid " + orphan.pid()
                        + ") left running by an earlier run");
                assertThat(stack.isRunning(ProxyService.ROUTING)).isTrue();
            }
        } finally {
            orphan.destroyForcibly();
        }
    }

    private Path fakeRepository() throws Exception {
        return FakeRepository.create(temporary.resolve("repo"));
    }

    /** The readiness endpoint's status, or -1 when nothing listens. */
    private static int readiness(String baseUrl) throws InterruptedException {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/health/readiness"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    private static void produce(String bootstrap, String topic, String key, String value) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        }
    }

    private static List<String> consumeAll(String bootstrap, String topic) {
        return consumeAll(bootstrap, topic, 1);
    }

    private static List<String> consumeAll(String bootstrap, String topic, int atLeast) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < atLeast && System.nanoTime() < deadline) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                records.forEach(record -> values.add(record.value()));
            }
        }
        return values;
    }
}
