package dev.openproxy.localstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.openproxy.localstack.ProxyService.GATEWAY;
import static dev.openproxy.localstack.ProxyService.NUMBER_POOL;
import static dev.openproxy.localstack.ProxyService.PARTICIPANT;
import static dev.openproxy.localstack.ProxyService.ROUTING;
import static dev.openproxy.localstack.ProxyService.SESSION;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./proxy-dev rebuild-projections} on a real PostgreSQL and Kafka, with {@link StubService}s standing in for
 * the service jars: each one's rebuild mode runs with the arguments of its normal start, and a failure names the
 * service.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ProjectionRebuildCommandTest {

    private static final String ACCOUNT_SID = "AC" + "0123456789abcdef".repeat(2);
    private static final String AUTH_TOKEN = "rebuild-test-token";

    @TempDir
    Path temporary;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void everyServiceRebuildsWithTheConfigurationOfItsNormalStartAndTheTotalsArePrinted() throws Exception {
        Path root = FakeRepository.create(temporary.resolve("repo"));
        Path data = temporary.resolve("data");
        LocalStack platform = stack(root, data).services(ProxyService.values()).start();
        int postgresPort = platform.postgresPort();
        int kafkaPort = kafkaPort(platform);
        List<Integer> ports = new ArrayList<>();
        for (ProxyService service : ProxyService.values()) {
            ports.add(platform.port(service));
        }
        platform.close();
        List<List<String>> normalArguments = new ArrayList<>();
        for (ProxyService service : ProxyService.values()) {
            normalArguments.add(arguments(platform.logFile(service)));
        }

        LocalStack stack = stack(root, data, postgresPort, kafkaPort, ports).build();
        int exitCode = new ProjectionRebuildCommand(stack, EnumSet.allOf(ProxyService.class), print(out), print(err)).run();

        assertThat(exitCode).as(err.toString(StandardCharsets.UTF_8)).isZero();
        for (ProxyService service : ProjectionRebuildCommand.REBUILT) {
            List<String> rebuildArguments = arguments(stack.rebuildLogFile(service));
            List<String> expected = new ArrayList<>(normalArguments.get(service.ordinal()));
            expected.add(LocalStack.PROJECTION_REBUILD_ARGUMENT);
            // The gateway's internal signing port is picked afresh by every run; everything else is the same.
            assertThat(withoutSignerUrl(rebuildArguments)).as(service.moduleName()).isEqualTo(withoutSignerUrl(expected));
            List<String> command = stack.serviceCommand(service);
            assertThat(rebuildArguments).as("exactly what LocalStack gives %s", service)
                    .containsExactlyElementsOf(withRebuildFlag(command.subList(command.indexOf("-jar") + 2, command.size())));
        }
        assertThat(normalArguments.get(ROUTING.ordinal()))
                .contains("--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + postgresPort + "/routing_service",
                        "--spring.kafka.bootstrap-servers=127.0.0.1:" + kafkaPort,
                        "--openproxy.peers.participant=http://127.0.0.1:" + ports.get(PARTICIPANT.ordinal()));
        assertThat(stack.rebuildLogFile(GATEWAY)).as("the gateway has no projections").doesNotExist();
        // routing-service's rebuild found participant-service running (it reads participant-service's keys)...
        assertThat(Files.readString(stack.rebuildLogFile(ROUTING))).doesNotContain("does not answer");
        // ...which was started after its own rebuild and stopped again.
        assertThat(Files.readString(stack.logFile(PARTICIPANT))).containsPattern("(?s)stub started.*stub started.*stub stopping");

        String printed = out.toString(StandardCharsets.UTF_8);
        for (ProxyService service : ProjectionRebuildCommand.REBUILT) {
            assertThat(printed).contains("Projections of " + service.moduleName() + " rebuilt:")
                    .containsPattern(service.moduleName() + "\\s+20\\s+0\\.75\\s+26\\s+\\d+\\.\\d\\d s");
        }
        assertThat(printed).containsPattern("total\\s+80\\s+3\\.00\\s+26\\s")
                .contains("Stopping PostgreSQL and Kafka");
        assertThat(Ports.isFree("127.0.0.1", postgresPort)).isTrue();
        assertThat(Ports.isFree("127.0.0.1", kafkaPort)).isTrue();
    }

    @Test
    void aFailedRebuildNamesTheServiceStopsTheRunAndPrintsNoPhoneNumber() throws Exception {
        Path root = FakeRepository.create(temporary.resolve("repo"));
        Path data = temporary.resolve("data");
        stack(root, data).services().start().close();

        LocalStack stack = stack(root, data).services()
                .serviceArguments(NUMBER_POOL, "--stub.rebuild-exit-code=1").build();
        int exitCode = new ProjectionRebuildCommand(stack, EnumSet.allOf(ProxyService.class), print(out), print(err)).run();

        String errors = err.toString(StandardCharsets.UTF_8);
        assertThat(exitCode).isEqualTo(1);
        assertThat(errors).contains("the rebuild of number-pool-service failed: it exited with code 1")
                .contains("Not run: routing-service.")
                .contains("Replaying ParticipantAddedEvent for <number> failed")
                .doesNotContain("+14155550123");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Projections of participant-service rebuilt:")
                .doesNotContain("Projections rebuilt:");
        assertThat(stack.rebuildLogFile(ROUTING)).doesNotExist();
        assertThat(Ports.isFree("127.0.0.1", stack.postgresPort())).isTrue();
    }

    @Test
    void aRebuildOfPickedServicesSkipsTheOthers() throws Exception {
        Path root = FakeRepository.create(temporary.resolve("repo"));
        Path data = temporary.resolve("data");
        stack(root, data).services().start().close();

        LocalStack stack = stack(root, data).services().build();
        int exitCode = new ProjectionRebuildCommand(stack, EnumSet.of(SESSION, GATEWAY), print(out), print(err)).run();

        assertThat(exitCode).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(stack.rebuildLogFile(SESSION)).exists();
        assertThat(stack.rebuildLogFile(PARTICIPANT)).doesNotExist();
        assertThat(out.toString(StandardCharsets.UTF_8)).containsPattern("total\\s+20\\s");
    }

    @Test
    void itRefusesADataDirectoryWithoutAPlatformAndOneThatIsInUse() throws Exception {
        Path root = FakeRepository.create(temporary.resolve("repo"));
        Path empty = temporary.resolve("empty");

        int exitCode = new ProjectionRebuildCommand(stack(root, empty).services().build(),
                EnumSet.allOf(ProxyService.class), print(out), print(err)).run();

        assertThat(exitCode).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("holds no platform yet");
        assertThat(empty.resolve("postgres")).doesNotExist();

        Path data = temporary.resolve("data");
        stack(root, data).services().start().close();
        err.reset();
        try (DataDirectory running = DataDirectory.open(data)) {
            exitCode = new ProjectionRebuildCommand(stack(root, data).services().build(),
                    EnumSet.allOf(ProxyService.class), print(out), print(err)).run();
        }
        assertThat(exitCode).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("the platform is running on " + data)
                .contains("stop it first");
    }

    private LocalStack.Builder stack(Path root, Path data) {
        return LocalStack.builder().repositoryRoot(root).dataDirectory(data).randomPorts().account(ACCOUNT_SID, AUTH_TOKEN)
                .serviceArguments(ROUTING, "--stub.rebuild-requires-peer=participant").progress(line -> { });
    }

    private LocalStack.Builder stack(Path root, Path data, int postgresPort, int kafkaPort, List<Integer> ports) {
        LocalStack.Builder builder = stack(root, data).services().postgresPort(postgresPort).kafkaPort(kafkaPort);
        for (ProxyService service : ProxyService.values()) {
            builder.port(service, ports.get(service.ordinal()));
        }
        return builder;
    }

    private static int kafkaPort(LocalStack stack) {
        return Integer.parseInt(stack.kafkaBootstrapServers().split(":")[1]);
    }

    /** The arguments a stub printed (one "arg ..." line each), from its last start in the log. */
    private static List<String> arguments(Path log) throws Exception {
        List<String> lines = Files.readAllLines(log);
        int lastStart = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("==== ")) {
                lastStart = i;
            }
        }
        return lines.subList(lastStart, lines.size()).stream().filter(line -> line.startsWith("arg "))
                .map(line -> line.substring("arg ".length())).toList();
    }

    private static List<String> withoutSignerUrl(List<String> arguments) {
        return arguments.stream().filter(argument -> !argument.startsWith("--openproxy.webhooks.signer-url=")).toList();
    }

    private static List<String> withRebuildFlag(List<String> arguments) {
        List<String> all = new ArrayList<>(arguments);
        all.add(LocalStack.PROJECTION_REBUILD_ARGUMENT);
        return all;
    }

    private static PrintStream print(ByteArrayOutputStream buffer) {
        return new PrintStream(buffer, true, StandardCharsets.UTF_8);
    }
}
