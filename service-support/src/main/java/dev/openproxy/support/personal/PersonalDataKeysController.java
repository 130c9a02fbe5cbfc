package dev.openproxy.support.personal;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.Base64;
import java.util.Map;

/**
 * {@code GET /internal/personal-data-keys/{scope}}: a scope's data key, for the services that consume this one's
 * events and need a personal field (routing-service reads participant identifiers for its routing table). 200
 * {@code {"scope": ..., "key": base64}}, or 404 once the scope is erased (or never had a key): the consumer then
 * reads the field as erased.
 * <p>
 * Trust: like {@code X-OpenProxy-Account-Sid}, this relies on the services' ports being reachable only inside the
 * cluster (the gateway does not route {@code /internal}); a NetworkPolicy must keep it that way. docs/privacy.md.
 */
@RestController
public class PersonalDataKeysController {

    public static final String PATH = "/internal/personal-data-keys/";

    private final PersonalDataKeys keys;

    public PersonalDataKeysController(PersonalDataKeys keys) {
        this.keys = keys;
    }

    @GetMapping(path = PATH + "{scope}", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Map<String, String>> key(@PathVariable String scope) {
        return keys.existingKey(scope)
                .map(key -> ResponseEntity.ok(Map.of("scope", scope,
                        "key", Base64.getEncoder().encodeToString(key.getEncoded()))))
                .orElseGet(() -> ResponseEntity.notFound().build());
    }
}
