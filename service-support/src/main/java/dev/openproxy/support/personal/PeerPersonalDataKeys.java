package dev.openproxy.support.personal;

import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.http.HttpStatus;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The data keys of another service, fetched from its {@link PersonalDataKeysController} and kept for a short time
 * (a consumer reads a session's few events close together). A 404 means erased and is not cached; {@link #evict}
 * drops a key as soon as the consumer learns of the session's deletion. Any other failure propagates, so the
 * Kafka listener retries the record instead of storing the field as erased.
 */
public class PeerPersonalDataKeys {

    private static final int MAX_ENTRIES = 10_000;

    private final RestClient http;
    private final Duration timeToLive;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(SecretKey key, Instant expires) {
    }

    public PeerPersonalDataKeys(RestClient http, Duration timeToLive, Clock clock) {
        this.http = http;
        this.timeToLive = timeToLive;
        this.clock = clock;
    }

    public Optional<SecretKey> key(String scope) {
        if (!PersonalScopes.isValid(scope)) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Cached cached = cache.get(scope);
        if (cached != null && cached.expires().isAfter(now)) {
            return Optional.of(cached.key());
        }
        try {
            JsonNode answer = http.get().uri(PersonalDataKeysController.PATH + "{scope}", scope).retrieve().body(JsonNode.class);
            SecretKey key = new SecretKeySpec(Base64.getDecoder().decode(answer.path("key").asText()), "AES");
            if (cache.size() >= MAX_ENTRIES) {
                cache.clear();
            }
            cache.put(scope, new Cached(key, now.plus(timeToLive)));
            return Optional.of(key);
        } catch (HttpClientErrorException e) {
            if (e.getStatusCode() == HttpStatus.NOT_FOUND) {
                cache.remove(scope);
                return Optional.empty();
            }
            throw e;
        }
    }

    public void evict(String scope) {
        cache.remove(scope);
    }
}
