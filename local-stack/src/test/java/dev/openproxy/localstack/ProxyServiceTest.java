package dev.openproxy.localstack;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProxyServiceTest {

    @Test
    void namesInEveryUsualSpelling() {
        assertThat(ProxyService.byName("number-pool-service")).isEqualTo(ProxyService.NUMBER_POOL);
        assertThat(ProxyService.byName("number-pool")).isEqualTo(ProxyService.NUMBER_POOL);
        assertThat(ProxyService.byName("NUMBER_POOL")).isEqualTo(ProxyService.NUMBER_POOL);
        assertThat(ProxyService.byName(" api-gateway ")).isEqualTo(ProxyService.GATEWAY);
        assertThat(ProxyService.byName("gateway")).isEqualTo(ProxyService.GATEWAY);
        assertThatThrownBy(() -> ProxyService.byName("sessions")).hasMessageContaining("known: session-service");
    }

    @Test
    void jarsAreTheRepackagedExecutables() {
        assertThat(ProxyService.SESSION.executableJar(Path.of("/repo"), "1.2.3"))
                .isEqualTo(Path.of("/repo/session-service/target/session-service-1.2.3-exec.jar"));
    }

    @Test
    void everyServiceHasItsOwnPortAndDatabase() {
        assertThat(java.util.Arrays.stream(ProxyService.values()).map(ProxyService::defaultPort).distinct())
                .hasSize(ProxyService.values().length);
        assertThat(java.util.Arrays.stream(ProxyService.values()).map(ProxyService::database))
                .containsExactly("session_service", "participant_service", "number_pool_service", "routing_service",
                        "api_gateway");
    }
}
