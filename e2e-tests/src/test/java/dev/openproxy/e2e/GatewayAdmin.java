package dev.openproxy.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The gateway's admin interface ({@code /admin/v1}) as an operator uses it: accounts and API keys of the stack. */
final class GatewayAdmin {

    /** What a create answered: the SID and the secret it shows only once. */
    record Credential(String sid, String secret) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String token;

    GatewayAdmin(String gatewayUrl, String adminToken) {
        this.base = gatewayUrl + "/admin/v1/Accounts";
        this.token = adminToken;
    }

    /** A new account: its SID and auth token. */
    Credential newAccount(String friendlyName) {
        JsonNode account = send("POST", "", "FriendlyName=" + friendlyName, 201);
        return new Credential(account.get("sid").asText(), account.get("auth_token").asText());
    }

    /** A new API key of the account: its SID and secret. */
    Credential newKey(String accountSid) {
        JsonNode key = send("POST", "/" + accountSid + "/Keys", "FriendlyName=e2e", 201);
        return new Credential(key.get("sid").asText(), key.get("secret").asText());
    }

    void revokeKey(String accountSid, String keySid) {
        send("DELETE", "/" + accountSid + "/Keys/" + keySid, null, 204);
    }

    void setStatus(String accountSid, String status) {
        send("POST", "/" + accountSid, "Status=" + status, 200);
    }

    private JsonNode send(String method, String path, String form, int expectedStatus) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(30));
        if (form != null) {
            request.header("Content-Type", "application/x-www-form-urlencoded")
                    .method(method, HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expectedStatus) {
                throw new AssertionError("Admin " + method + " " + path + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return response.body().isEmpty() ? null : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
