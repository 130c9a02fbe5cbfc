package dev.openproxy.localstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;

import static dev.openproxy.localstack.ProxyService.GATEWAY;
import static dev.openproxy.localstack.ProxyService.NUMBER_POOL;
import static dev.openproxy.localstack.ProxyService.ROUTING;
import static dev.openproxy.localstack.ProxyService.SESSION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LaunchOptionsTest {

    @TempDir
    Path directory;

    @Test
    void defaultsStartEverythingOnTheDocumentedPorts() {
        LaunchOptions options = LaunchOptions.parse(new String[0], Map.of());

        assertThat(options.help()).isFalse();
        assertThat(options.fresh()).isFalse();
        assertThat(options.services()).containsExactlyInAnyOrder(ProxyService.values());
        assertThat(options.ports()).containsEntry(GATEWAY, 8080).containsEntry(SESSION, 8081)
                .containsEntry(ProxyService.PARTICIPANT, 8082).containsEntry(NUMBER_POOL, 8083)
                .containsEntry(ROUTING, 8084);
        assertThat(options.postgresPort()).isEqualTo(15432);
        assertThat(options.kafkaPort()).isEqualTo(19092);
        assertThat(options.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(options.publicBaseUrl()).isNull();
        assertThat(options.startTimeout()).isEqualTo(Duration.ofSeconds(180));
    }

    @Test
    void environmentOverridesPortsAndMore() {
        LaunchOptions options = LaunchOptions.parse(new String[0], Map.of(
                "PROXY_GATEWAY_PORT", "9080", "PROXY_NUMBER_POOL_PORT", "9083", "PROXY_POSTGRES_PORT", "25432",
                "PROXY_KAFKA_PORT", "29092", "PROXY_PUBLIC_BASE_URL", "https://proxy.twilio.com",
                "PROXY_START_TIMEOUT", "60", "PROXY_JAVA_OPTS", " -Xmx512m  -Dfoo=bar ",
                "PROXY_DATA_DIR", "/tmp/somewhere"));

        assertThat(options.ports()).containsEntry(GATEWAY, 9080).containsEntry(NUMBER_POOL, 9083)
                .containsEntry(SESSION, 8081);
        assertThat(options.postgresPort()).isEqualTo(25432);
        assertThat(options.kafkaPort()).isEqualTo(29092);
        assertThat(options.publicBaseUrl()).isEqualTo("https://proxy.twilio.com");
        assertThat(options.startTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(options.extraJvmOptions()).containsExactly("-Xmx512m", "-Dfoo=bar");
        assertThat(options.dataDirectory()).isEqualTo(Path.of("/tmp/somewhere"));
    }

    @Test
    void commandLineWinsOverEnvironment() {
        LaunchOptions options = LaunchOptions.parse(new String[]{"--fresh", "--timeout=30", "--data-dir", "/data",
                "--public-base-url", "http://example.test:1234"}, Map.of("PROXY_START_TIMEOUT", "60",
                "PROXY_DATA_DIR", "/ignored", "PROXY_PUBLIC_BASE_URL", "https://ignored.example"));

        assertThat(options.fresh()).isTrue();
        assertThat(options.startTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.dataDirectory()).isEqualTo(Path.of("/data"));
        assertThat(options.publicBaseUrl()).isEqualTo("http://example.test:1234");
    }

    @Test
    void servicesCanBeLeftOutOrPicked() {
        assertThat(LaunchOptions.parse(new String[]{"--without", "session-service", "--without=routing"}, Map.of())
                .services()).isEqualTo(EnumSet.of(ProxyService.PARTICIPANT, NUMBER_POOL, GATEWAY));
        assertThat(LaunchOptions.parse(new String[]{"--only", "gateway,session"}, Map.of()).services())
                .isEqualTo(EnumSet.of(SESSION, GATEWAY));
        assertThat(LaunchOptions.parse(new String[]{"--infra-only"}, Map.of()).services()).isEmpty();
    }

    @Test
    void helpIsRecognisedAndDocumentsTheVariables() {
        assertThat(LaunchOptions.parse(new String[]{"--help"}, Map.of()).help()).isTrue();
        assertThat(LaunchOptions.parse(new String[]{"-h"}, Map.of()).help()).isTrue();
        for (ProxyService service : ProxyService.values()) {
            assertThat(LaunchOptions.USAGE).contains(service.portVariable()).contains(service.moduleName());
        }
        assertThat(LaunchOptions.USAGE).contains("PROXY_ACCOUNT_SID", "PROXY_AUTH_TOKEN", "PROXY_POSTGRES_PORT",
                "PROXY_KAFKA_PORT", "--fresh");
    }

    @Test
    void rebuildProjectionsIsACommandThatTakesTheDataDirectoryServicesAndPortsOfANormalStart() {
        assertThat(LaunchOptions.parse(new String[0], Map.of()).command()).isEqualTo(LaunchOptions.Command.START);

        LaunchOptions options = LaunchOptions.parse(new String[]{"rebuild-projections", "--data-dir", "/data",
                "--without=routing"}, Map.of("PROXY_POSTGRES_PORT", "25432", "PROXY_SESSION_PORT", "9081"));

        assertThat(options.command()).isEqualTo(LaunchOptions.Command.REBUILD_PROJECTIONS);
        assertThat(options.dataDirectory()).isEqualTo(Path.of("/data"));
        assertThat(options.services()).doesNotContain(ROUTING).contains(SESSION, NUMBER_POOL);
        assertThat(options.postgresPort()).isEqualTo(25432);
        assertThat(options.ports()).containsEntry(SESSION, 9081);
        assertThat(LaunchOptions.parse(new String[]{"--only", "session", "rebuild-projections"}, Map.of()))
                .satisfies(o -> assertThat(o.command()).isEqualTo(LaunchOptions.Command.REBUILD_PROJECTIONS))
                .satisfies(o -> assertThat(o.services()).containsExactly(SESSION));
        assertThat(LaunchOptions.USAGE).contains("./proxy-dev rebuild-projections [options]")
                .contains("--openproxy.projections.rebuild=true");
    }

    @Test
    void rebuildProjectionsRefusesOptionsThatWouldWipeOrSkipWhatItRebuilds() {
        assertThatThrownBy(() -> LaunchOptions.parse(new String[]{"rebuild-projections", "--fresh"}, Map.of()))
                .hasMessage("--fresh cannot be used with rebuild-projections");
        assertThatThrownBy(() -> LaunchOptions.parse(new String[]{"--infra-only", "rebuild-projections"}, Map.of()))
                .hasMessage("--infra-only cannot be used with rebuild-projections");
        assertThatThrownBy(() -> LaunchOptions.parse(new String[]{"rebuild-projection"}, Map.of()))
                .hasMessageContaining("Unknown command: rebuild-projection");
    }

    @Test
    void mistakesAreReportedBeforeAnythingStarts() {
        assertThatThrownBy(() -> LaunchOptions.parse(new String[]{"--frsh"}, Map.of()))
                .hasMessageContaining("Unknown option: --frsh");
        assertThatThrownBy(() -> LaunchOptions.parse(new String[]{"--without"}, Map.of()))
                .hasMessageContaining("needs a value");
        assertThatThrownBy(() -> LaunchOptions.parse(new String[]{"--without", "billing"}, Map.of()))
                .hasMessageContaining("Unknown service 'billing'");
        assertThatThrownBy(() -> LaunchOptions.parse(new String[0], Map.of("PROXY_GATEWAY_PORT", "80x")))
                .hasMessageContaining("PROXY_GATEWAY_PORT must be a number");
        assertThatThrownBy(() -> LaunchOptions.parse(new String[0], Map.of("PROXY_KAFKA_PORT", "70000")))
                .hasMessageContaining("PROXY_KAFKA_PORT must be a port");
        assertThatThrownBy(() -> LaunchOptions.parse(new String[]{"--timeout", "0"}, Map.of()))
                .hasMessageContaining("positive");
        assertThatThrownBy(() -> LaunchOptions.parse(new String[]{"--public-base-url", "proxy.twilio.com"}, Map.of()))
                .hasMessageContaining("http(s) URL");
    }

    @Test
    void repositoryRootIsFoundFromTheLauncherJarOrTheWorkingDirectory() throws Exception {
        Path root = directory.resolve("repo");
        Files.createDirectories(root.resolve("local-stack/target"));
        Files.createDirectories(root.resolve("session-service/src"));
        Files.writeString(root.resolve("pom.xml"), "<project/>");
        LaunchOptions options = LaunchOptions.parse(new String[0], Map.of());

        Path jar = root.resolve("local-stack/target/local-stack-0.1.0-SNAPSHOT-exec.jar");
        assertThat(options.resolveRepositoryRoot(jar.toString(), Path.of("/"))).isEqualTo(root);
        assertThat(options.resolveRepositoryRoot("/elsewhere/app.jar", root.resolve("session-service/src")))
                .isEqualTo(root);
        assertThatThrownBy(() -> options.resolveRepositoryRoot("/elsewhere/app.jar", directory))
                .hasMessageContaining("PROXY_REPOSITORY_ROOT");
        assertThat(LaunchOptions.parse(new String[0], Map.of("PROXY_REPOSITORY_ROOT", root.toString()))
                .resolveRepositoryRoot(null, Path.of("/"))).isEqualTo(root);
        assertThatThrownBy(() -> LaunchOptions.parse(new String[0], Map.of("PROXY_REPOSITORY_ROOT", directory.toString()))
                .resolveRepositoryRoot(null, Path.of("/"))).hasMessageContaining("is not the OpenProxy repository root");
    }

    @Test
    void optionsBecomeStackSettings() {
        Path root = directory;
        LaunchOptions options = LaunchOptions.parse(new String[]{"--without", "routing"},
                Map.of("PROXY_GATEWAY_PORT", "9080", "PROXY_ACCOUNT_SID", "AC" + "a".repeat(32),
                        "PROXY_AUTH_TOKEN", "token-token"));

        LocalStack stack = options.applyTo(LocalStack.builder(), root).build();

        assertThat(stack.gatewayUrl()).isEqualTo("http://127.0.0.1:9080");
        assertThat(stack.publicBaseUrl()).isEqualTo("http://localhost:9080");
        assertThat(stack.dataDirectory()).isEqualTo(root.resolve(".proxy-dev"));
        assertThat(stack.logDirectory()).isEqualTo(root.resolve(".proxy-dev/logs"));
        assertThat(stack.services()).doesNotContain(ROUTING).contains(GATEWAY);
        assertThat(stack.jdbcUrl(SESSION)).isEqualTo("jdbc:postgresql://127.0.0.1:15432/session_service");
        assertThat(stack.kafkaBootstrapServers()).isEqualTo("127.0.0.1:19092");
    }
}
