package dev.openproxy.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openproxy.testsupport.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Accounts and API keys end to end at the gateway: made through the admin interface, used the way twilio-java
 * sends them ({@code Authorization: Basic base64(SK...:secret)}, no account SID anywhere in a Proxy request),
 * and revoked, with the effect checked on the very next request.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CredentialsAndAdminTest {

    static final String ADMIN_TOKEN = "admin-token-0123456789abcdef0123";
    static final String BOOTSTRAP_SID = "AC" + "0123456789abcdef0123456789abcdef";
    static final String BOOTSTRAP_TOKEN = "bootstrap-token-0123456789abcdef";
    static final EchoUpstream SESSION = EchoUpstream.start("session");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        EmbeddedPostgres.registerNewDatabase(registry, "gateway");
        registry.add("openproxy.gateway.bootstrap-account.sid", () -> BOOTSTRAP_SID);
        registry.add("openproxy.gateway.bootstrap-account.auth-token", () -> BOOTSTRAP_TOKEN);
        registry.add("openproxy.gateway.admin.token", () -> ADMIN_TOKEN);
        for (String service : new String[] {"session", "participant", "number-pool", "routing"}) {
            registry.add("openproxy.gateway.services." + service, SESSION::uri);
        }
    }

    @AfterAll
    static void stopUpstream() {
        SESSION.close();
    }

    @LocalServerPort
    int port;

    GatewayClient client;

    @BeforeEach
    void setUp() {
        client = new GatewayClient(port);
    }

    private GatewayClient.Response admin(String method, String path, String form) {
        HttpRequest.Builder request = client.request("/admin/v1/Accounts" + path)
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .header("Content-Type", "application/x-www-form-urlencoded");
        return client.send(request.method(method, form == null ? HttpRequest.BodyPublishers.noBody() : GatewayClient.form(form)));
    }

    private GatewayClient.Response api(String user, String password) {
        return client.send(client.authorized("/v1/Services/KS1/Sessions", user, password).GET());
    }

    private JsonNode newAccount(String name) {
        GatewayClient.Response created = admin("POST", "", "FriendlyName=" + name);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json();
    }

    private JsonNode newKey(String accountSid) {
        GatewayClient.Response created = admin("POST", "/" + accountSid + "/Keys", "FriendlyName=ci");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json();
    }

    @Test
    void anApiKeyActsAsItsAccountWithTheAccountSidNowhereInTheRequest() {
        JsonNode account = newAccount("Tenant+A");
        JsonNode key = newKey(account.get("sid").asText());

        assertThat(key.get("sid").asText()).matches("SK[0-9a-f]{32}");
        assertThat(key.get("account_sid").asText()).isEqualTo(account.get("sid").asText());
        assertThat(key.get("secret").asText()).matches("[0-9a-f]{32}");
        GatewayClient.Response response = api(key.get("sid").asText(), key.get("secret").asText());

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("accountSids")).hasSize(1);
        assertThat(response.json().get("accountSids").get(0).asText()).isEqualTo(account.get("sid").asText());
        assertThat(response.json().get("authorization").asBoolean()).as("credentials are not forwarded").isFalse();
    }

    @Test
    void aCreatedAccountsTokenWorksAndIsShownOnlyOnce() {
        JsonNode account = newAccount("Tenant+B");
        String sid = account.get("sid").asText();

        assertThat(sid).matches("AC[0-9a-f]{32}");
        assertThat(account.get("status").asText()).isEqualTo("active");
        assertThat(account.get("friendly_name").asText()).isEqualTo("Tenant B");
        assertThat(api(sid, account.get("auth_token").asText()).json().get("accountSids").get(0).asText()).isEqualTo(sid);
        assertThat(admin("GET", "/" + sid, null).json().has("auth_token")).isFalse();
        assertThat(admin("GET", "", null).body()).contains(sid).doesNotContain(account.get("auth_token").asText());
    }

    @Test
    void anOperatorMayKeepTheSidAndTokenAClientAlreadyHas() {
        String sid = "AC" + "abcdef0123456789abcdef0123456789";
        String token = "0123456789abcdef0123456789abcdef";

        GatewayClient.Response created = admin("POST", "", "Sid=" + sid + "&AuthToken=" + token + "&FriendlyName=moved");

        assertThat(created.status()).isEqualTo(201);
        assertThat(api(sid, token).status()).isEqualTo(200);
        assertThat(admin("POST", "", "Sid=" + sid).json().get("code").asInt()).as("taken").isEqualTo(20001);
    }

    @Test
    void malformedAdminParametersAre20001() {
        for (String form : List.of("Sid=KS0123456789abcdef0123456789abcdef", "AuthToken=short", "FriendlyName=" + "x".repeat(256),
                "Sid=AC0123")) {
            GatewayClient.Response response = admin("POST", "", form);
            assertThat(response.status()).as(form).isEqualTo(400);
            assertThat(response.json().get("code").asInt()).isEqualTo(20001);
        }
        String sid = newAccount("x").get("sid").asText();
        assertThat(admin("POST", "/" + sid, "Status=closed").json().get("code").asInt()).isEqualTo(20001);
    }

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    @Test
    void secretsAreStoredOnlyAsTheirSha256() throws Exception {
        JsonNode account = newAccount("hashed");
        String sid = account.get("sid").asText();
        String token = account.get("auth_token").asText();
        JsonNode key = newKey(sid);
        String secret = key.get("secret").asText();

        List<String> stored = new ArrayList<>();
        for (String table : new String[] {"accounts", "api_keys"}) {
            jdbc.query("SELECT * FROM " + table, row -> {
                for (int column = 1; column <= row.getMetaData().getColumnCount(); column++) {
                    Object value = row.getObject(column);
                    stored.add(value instanceof byte[] bytes ? new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1)
                            + java.util.HexFormat.of().formatHex(bytes) : String.valueOf(value));
                }
            });
        }
        assertThat(stored).as("no column holds a secret in the clear")
                .noneMatch(value -> value.contains(token) || value.contains(secret));
        java.security.MessageDigest sha256 = java.security.MessageDigest.getInstance("SHA-256");
        assertThat(jdbc.queryForObject("SELECT auth_token_hash FROM accounts WHERE sid = ?", byte[].class, sid))
                .isEqualTo(sha256.digest(token.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(jdbc.queryForObject("SELECT secret_hash FROM api_keys WHERE sid = ?", byte[].class,
                key.get("sid").asText())).isEqualTo(sha256.digest(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void aRevokedKeyIsRefusedOnTheNextRequest() {
        String account = newAccount("revoke").get("sid").asText();
        JsonNode key = newKey(account);
        String keySid = key.get("sid").asText();
        assertThat(api(keySid, key.get("secret").asText()).status()).isEqualTo(200);

        assertThat(admin("DELETE", "/" + account + "/Keys/" + keySid, null).status()).isEqualTo(204);

        assertUnauthorized(api(keySid, key.get("secret").asText()));
        assertThat(admin("GET", "/" + account + "/Keys/" + keySid, null).status()).isEqualTo(404);
        assertThat(admin("DELETE", "/" + account + "/Keys/" + keySid, null).status()).isEqualTo(404);
    }

    @Test
    void revokingOneKeyLeavesTheOthersAndTheAuthToken() {
        JsonNode account = newAccount("two-keys");
        String sid = account.get("sid").asText();
        JsonNode first = newKey(sid);
        JsonNode second = newKey(sid);

        admin("DELETE", "/" + sid + "/Keys/" + first.get("sid").asText(), null);

        assertThat(api(second.get("sid").asText(), second.get("secret").asText()).status()).isEqualTo(200);
        assertThat(api(sid, account.get("auth_token").asText()).status()).isEqualTo(200);
        JsonNode keys = admin("GET", "/" + sid + "/Keys", null).json().get("keys");
        assertThat(keys).hasSize(1);
        assertThat(keys.get(0).get("sid").asText()).isEqualTo(second.get("sid").asText());
        assertThat(keys.get(0).has("secret")).isFalse();
    }

    @Test
    void aSuspendedAccountIsRefusedWithEveryCredentialAndAllowedAgainWhenActive() {
        JsonNode account = newAccount("suspend");
        String sid = account.get("sid").asText();
        JsonNode key = newKey(sid);

        assertThat(admin("POST", "/" + sid, "Status=suspended").json().get("status").asText()).isEqualTo("suspended");
        assertUnauthorized(api(sid, account.get("auth_token").asText()));
        assertUnauthorized(api(key.get("sid").asText(), key.get("secret").asText()));

        admin("POST", "/" + sid, "Status=active");
        assertThat(api(key.get("sid").asText(), key.get("secret").asText()).status()).isEqualTo(200);
    }

    @Test
    void aDeletedAccountTakesItsKeysWithIt() {
        JsonNode account = newAccount("delete");
        String sid = account.get("sid").asText();
        JsonNode key = newKey(sid);

        assertThat(admin("DELETE", "/" + sid, null).status()).isEqualTo(204);

        assertUnauthorized(api(sid, account.get("auth_token").asText()));
        assertUnauthorized(api(key.get("sid").asText(), key.get("secret").asText()));
        assertThat(admin("GET", "/" + sid, null).status()).isEqualTo(404);
        assertThat(admin("POST", "/" + sid + "/Keys", "").status()).isEqualTo(404);
    }

    @Test
    void aReplacedAuthTokenStopsTheOldOneAtOnce() {
        JsonNode account = newAccount("rotate");
        String sid = account.get("sid").asText();

        JsonNode rotated = admin("POST", "/" + sid + "/AuthToken", "").json();

        assertThat(rotated.get("auth_token").asText()).isNotEqualTo(account.get("auth_token").asText());
        assertUnauthorized(api(sid, account.get("auth_token").asText()));
        assertThat(api(sid, rotated.get("auth_token").asText()).status()).isEqualTo(200);
    }

    @Test
    void credentialsDoNotCrossAccounts() {
        JsonNode a = newAccount("a");
        JsonNode b = newAccount("b");
        JsonNode keyOfA = newKey(a.get("sid").asText());

        assertUnauthorized(api(keyOfA.get("sid").asText(), b.get("auth_token").asText()));
        assertUnauthorized(api(b.get("sid").asText(), keyOfA.get("secret").asText()));
        assertUnauthorized(api(a.get("sid").asText(), keyOfA.get("secret").asText()));
        assertThat(admin("GET", "/" + b.get("sid").asText() + "/Keys/" + keyOfA.get("sid").asText(), null).status())
                .as("a key is found only under its own account").isEqualTo(404);
        assertThat(admin("DELETE", "/" + b.get("sid").asText() + "/Keys/" + keyOfA.get("sid").asText(), null).status())
                .isEqualTo(404);
        assertThat(api(keyOfA.get("sid").asText(), keyOfA.get("secret").asText()).status()).isEqualTo(200);
    }

    @Test
    void theAdminInterfaceNeedsTheAdminTokenAndNothingElse() {
        List<GatewayClient.Response> refused = new ArrayList<>();
        refused.add(client.send(client.request("/admin/v1/Accounts").GET()));
        refused.add(client.send(client.request("/admin/v1/Accounts").header("Authorization", "Bearer wrong").GET()));
        refused.add(client.send(client.authorized("/admin/v1/Accounts", BOOTSTRAP_SID, BOOTSTRAP_TOKEN).GET()));
        for (GatewayClient.Response response : refused) {
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.json().get("code").asInt()).isEqualTo(20003);
        }
        assertThat(client.send(client.authorized("/admin/v1/Accounts", "admin", ADMIN_TOKEN).GET()).status())
                .as("Basic with the token as password").isEqualTo(200);
        assertUnauthorized(client.send(client.request("/v1/Services").header("Authorization", "Bearer " + ADMIN_TOKEN).GET()));
    }

    @Test
    void unknownAdminPathsAndMethodsAreTwilioErrors() {
        GatewayClient.Response unknown = admin("GET", "/x/y/z", null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("code").asInt()).isEqualTo(20404);
        GatewayClient.Response wrongMethod = admin("PUT", "", "");
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.json().get("code").asInt()).isEqualTo(20004);
    }

    private static void assertUnauthorized(GatewayClient.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(401);
        assertThat(response.json().get("code").asInt()).isEqualTo(20003);
    }
}
