package dev.openproxy.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openproxy.testsupport.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** Every service is unreachable: callers get Twilio's 503 / 20503, and the gateway itself stays healthy. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class UpstreamDownTest {

    static final String SID = "AC" + "00000000000000000000000000000001";
    static final String TOKEN = "token-for-the-down-test";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        EmbeddedPostgres.registerNewDatabase(registry, "gateway");
        registry.add("openproxy.gateway.bootstrap-account.sid", () -> SID);
        registry.add("openproxy.gateway.bootstrap-account.auth-token", () -> TOKEN);
        String dead = EchoUpstream.deadUri();
        for (String service : new String[] {"session", "participant", "number-pool", "routing"}) {
            registry.add("openproxy.gateway.services." + service, () -> dead);
        }
    }

    @LocalServerPort
    int port;

    @Test
    void unreachableServiceIsTwilio20503() {
        GatewayClient client = new GatewayClient(port);
        for (String path : new String[] {"/v1/Services", "/v1/Services/KS1/PhoneNumbers",
                "/v1/Services/KS1/Sessions/KC1/Participants",
                "/v1/Services/KS1/Sessions/KC1/Participants/KP1/MessageInteractions"}) {
            GatewayClient.Response response = client.send(client.authorized(path, SID, TOKEN)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(GatewayClient.form("FriendlyName=x")));

            assertThat(response.status()).as(path).isEqualTo(503);
            JsonNode error = response.json();
            assertThat(error.get("code").asInt()).isEqualTo(20503);
            assertThat(error.get("status").asInt()).isEqualTo(503);
            assertThat(error.get("more_info").asText()).isEqualTo("https://www.twilio.com/docs/errors/20503");
        }
    }

    @Test
    void withoutAnAdminTokenTheAdminInterfaceDoesNotExist() {
        GatewayClient client = new GatewayClient(port);
        GatewayClient.Response response = client.send(client.request("/admin/v1/Accounts")
                .header("Authorization", "Bearer anything-at-all-0123456789").GET());

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().get("code").asInt()).isEqualTo(20404);
    }

    @Test
    void gatewayStaysLiveWhenServicesAreDown() {
        GatewayClient client = new GatewayClient(port);
        assertThat(client.send(client.request("/actuator/health/liveness").GET()).status()).isEqualTo(200);
    }
}
