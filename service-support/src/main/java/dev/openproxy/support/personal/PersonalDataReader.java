package dev.openproxy.support.personal;

import org.springframework.core.env.Environment;
import org.springframework.web.client.RestClient;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decrypts the personal fields of an event consumed from Kafka with the keys of the service that published it,
 * named by the CloudEvent's {@code source} ({@code /openproxy/participant-service}): this service's own keys for its
 * own events, else the peer's key endpoint at {@code openproxy.peers.<name>} ({@code participant} for
 * participant-service, as the local stack and deployments already set for direct calls).
 */
public class PersonalDataReader {

    private static final String SOURCE_PREFIX = "/openproxy/";

    private final PersonalDataKeys ownKeys;
    private final String ownSource;
    private final Environment environment;
    private final Duration timeToLive;
    private final Map<String, PeerPersonalDataKeys> peers = new ConcurrentHashMap<>();

    public PersonalDataReader(PersonalDataKeys ownKeys, String ownSource, Environment environment, Duration timeToLive) {
        this.ownKeys = ownKeys;
        this.ownSource = ownSource;
        this.environment = environment;
        this.timeToLive = timeToLive;
    }

    /** {@code event} with its personal fields in the clear, or null where their key is gone (erased). */
    public <T> T decrypt(String source, T event) {
        if (ownSource.equals(source)) {
            return PersonalDataProtector.decrypt(event, ownKeys::existingKey);
        }
        // Only an encrypted field asks for its key: events without personal data need no peer at all.
        return PersonalDataProtector.decrypt(event, scope -> peer(source).key(scope));
    }

    /** The consumer learnt that the scope was erased: no cached key of it may outlive that. */
    public void evict(String scope) {
        peers.values().forEach(peer -> peer.evict(scope));
    }

    private PeerPersonalDataKeys peer(String source) {
        if (source == null || !source.startsWith(SOURCE_PREFIX)) {
            throw new IllegalStateException("An event with encrypted personal data names no OpenProxy source");
        }
        String service = source.substring(SOURCE_PREFIX.length());
        String name = service.endsWith("-service") ? service.substring(0, service.length() - "-service".length()) : service;
        String baseUrl = environment.getProperty("openproxy.peers." + name);
        if (baseUrl == null || baseUrl.isBlank()) {
            // Loud, and retried by the listener: storing the field as erased would silently lose a route.
            throw new IllegalStateException("openproxy.peers." + name + " is not set: cannot read personal data of " + service);
        }
        return peers.computeIfAbsent(name, n -> new PeerPersonalDataKeys(
                RestClient.builder().baseUrl(baseUrl).build(), timeToLive, Clock.systemUTC()));
    }
}
