package dev.openproxy.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openproxy.contracts.webhook.TwilioSignature;
import dev.openproxy.testsupport.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Service webhooks are signed with the account's auth token (ADR 0011): the gateway keeps the token sealed, signs on
 * its internal port only, follows token rotation and suspension at once, and never stores the token in the clear.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WebhookSigningTest {

    static final String ADMIN_TOKEN = "admin-token-0123456789abcdef0123";
    static final String BOOTSTRAP_SID = "AC" + "5167".repeat(8);
    static final String BOOTSTRAP_TOKEN = "bootstrap-token-signing-0123456789";
    static final String SIGNING_KEY = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef"
            .getBytes(StandardCharsets.US_ASCII));
    static final int INTERNAL_PORT = freePort();
    static final EchoUpstream UPSTREAM = EchoUpstream.start("any");
    static final String URL = "https://example.com/proxy/callback?x=1";
    static final Map<String, List<String>> PARAMS = Map.of("interactionSid", List.of("KI" + "0".repeat(32)),
            "interactionData", List.of("{\"body\":\"hi\"}"));

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        EmbeddedPostgres.registerNewDatabase(registry, "gateway");
        registry.add("openproxy.gateway.bootstrap-account.sid", () -> BOOTSTRAP_SID);
        registry.add("openproxy.gateway.bootstrap-account.auth-token", () -> BOOTSTRAP_TOKEN);
        registry.add("openproxy.gateway.admin.token", () -> ADMIN_TOKEN);
        registry.add("openproxy.gateway.webhook-signing.key", () -> SIGNING_KEY);
        registry.add("openproxy.gateway.webhook-signing.port", () -> INTERNAL_PORT);
        for (String service : new String[] {"session", "participant", "number-pool", "routing"}) {
            registry.add("openproxy.gateway.services." + service, UPSTREAM::uri);
        }
    }

    @AfterAll
    static void stopUpstream() {
        UPSTREAM.close();
    }

    @LocalServerPort
    int publicPort;

    @Autowired
    JdbcTemplate jdbc;

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private GatewayClient.Response sign(int port, String accountSid) {
        GatewayClient client = new GatewayClient(port);
        String body = "{\"url\":\"" + URL + "\",\"parameters\":{\"interactionSid\":[\"KI" + "0".repeat(32)
                + "\"],\"interactionData\":[\"{\\\"body\\\":\\\"hi\\\"}\"]}}";
        return client.send(client.request("/internal/v1/Accounts/" + accountSid + "/WebhookSignatures")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private GatewayClient.Response admin(String path, String form) {
        GatewayClient client = new GatewayClient(publicPort);
        return client.send(client.request("/admin/v1/Accounts" + path)
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(GatewayClient.form(form)));
    }

    @Test
    void theInternalPortSignsWithTheAccountsAuthTokenAsTwilioDoes() {
        GatewayClient.Response signed = sign(INTERNAL_PORT, BOOTSTRAP_SID);

        assertThat(signed.status()).as(signed.body()).isEqualTo(200);
        assertThat(signed.json().get("signature").asText()).isEqualTo(TwilioSignature.sign(BOOTSTRAP_TOKEN, URL, PARAMS));
        assertThat(TwilioSignature.valid(BOOTSTRAP_TOKEN, URL, PARAMS, signed.json().get("signature").asText())).isTrue();
    }

    @Test
    void signingIsNotReachableOnThePublicPortAndTheInternalPortServesNothingElse() {
        GatewayClient.Response onPublic = sign(publicPort, BOOTSTRAP_SID);
        assertThat(onPublic.status()).isEqualTo(404);
        assertThat(onPublic.json().get("code").asInt()).isEqualTo(20404);

        GatewayClient internal = new GatewayClient(INTERNAL_PORT);
        GatewayClient.Response api = internal.send(internal.authorized("/v1/Services", BOOTSTRAP_SID, BOOTSTRAP_TOKEN)
                .GET());
        assertThat(api.status()).isEqualTo(404);
        assertThat(api.json().get("code").asInt()).isEqualTo(20404);
    }

    @Test
    void unknownAndSuspendedAccountsGetNoSignatureAndARotatedTokenSignsAtOnce() {
        assertThat(sign(INTERNAL_PORT, "AC" + "f".repeat(32)).status()).isEqualTo(404);

        GatewayClient.Response created = admin("", "FriendlyName=tenant");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String sid = created.json().get("sid").asText();
        String firstToken = created.json().get("auth_token").asText();
        assertThat(sign(INTERNAL_PORT, sid).json().get("signature").asText())
                .isEqualTo(TwilioSignature.sign(firstToken, URL, PARAMS));

        JsonNode rotated = admin("/" + sid + "/AuthToken", "").json();
        String secondToken = rotated.get("auth_token").asText();
        assertThat(secondToken).isNotEqualTo(firstToken);
        assertThat(sign(INTERNAL_PORT, sid).json().get("signature").asText())
                .isEqualTo(TwilioSignature.sign(secondToken, URL, PARAMS));

        assertThat(admin("/" + sid, "Status=suspended").status()).isEqualTo(200);
        assertThat(sign(INTERNAL_PORT, sid).status()).isEqualTo(404);
    }

    @Test
    void theDatabaseHoldsTheTokenOnlySealedAndBoundToItsAccount() {
        byte[] sealed = jdbc.queryForObject("SELECT auth_token_sealed FROM accounts WHERE sid = ?", byte[].class,
                BOOTSTRAP_SID);
        assertThat(sealed).isNotNull();
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain(BOOTSTRAP_TOKEN);

        // Copied into another account's row, the sealed token does not open: that account gets no signature.
        GatewayClient.Response created = admin("", "FriendlyName=other");
        String other = created.json().get("sid").asText();
        jdbc.update("UPDATE accounts SET auth_token_sealed = ? WHERE sid = ?", sealed, other);
        assertThat(sign(INTERNAL_PORT, other).status()).isEqualTo(404);
    }
}
