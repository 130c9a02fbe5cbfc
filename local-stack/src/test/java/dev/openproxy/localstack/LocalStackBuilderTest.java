package dev.openproxy.localstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalStackBuilderTest {

    @TempDir
    Path root;

    @Test
    void randomPortsAreDistinctAndFree() {
        LocalStack stack = LocalStack.builder().repositoryRoot(root).randomPorts().build();

        Set<Integer> ports = new HashSet<>();
        ports.add(stack.postgresPort());
        ports.add(Integer.parseInt(stack.kafkaBootstrapServers().substring("127.0.0.1:".length())));
        for (ProxyService service : ProxyService.values()) {
            ports.add(stack.port(service));
        }
        assertThat(ports).hasSize(7).allMatch(port -> Ports.isFree("127.0.0.1", port));
        assertThat(stack.publicBaseUrl()).isEqualTo("http://localhost:" + stack.port(ProxyService.GATEWAY));
    }

    @Test
    void twoPartsCannotShareAPort() {
        assertThatThrownBy(() -> LocalStack.builder().repositoryRoot(root).gatewayPort(15432).build())
                .hasMessageContaining("cannot share port 15432");
        assertThatThrownBy(() -> LocalStack.builder().repositoryRoot(root).port(ProxyService.SESSION, 0))
                .hasMessageContaining("1-65535");
    }

    @Test
    void aMissingJarSaysHowToBuildIt() {
        LocalStack stack = LocalStack.builder().repositoryRoot(root).dataDirectory(root.resolve("data"))
                .randomPorts().version("9.9.9").progress(line -> { }).build();

        assertThatThrownBy(stack::start).isInstanceOf(LocalStackException.class)
                .hasMessageContaining("session-service-9.9.9-exec.jar").hasMessageContaining("./mvnw");
    }

    @Test
    void aBusyPortIsNamedWithItsVariableBeforeAnythingStarts() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            LocalStack stack = LocalStack.builder().repositoryRoot(root).dataDirectory(root.resolve("data"))
                    .randomPorts().postgresPort(busy.getLocalPort()).services().progress(line -> { }).build();

            assertThatThrownBy(stack::start).isInstanceOf(LocalStackException.class)
                    .hasMessageContaining("PostgreSQL port " + busy.getLocalPort() + " (PROXY_POSTGRES_PORT)");
        }
        assertThat(Files.exists(root.resolve("data/postgres"))).isFalse();
    }
}
