package dev.openproxy.support.personal;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/**
 * {@code POST /internal/personal-data/reencrypt}: runs {@link PersonalDataReencryption} once over this service's
 * event store and answers its counts, {@code {"examined": n, "rewritten": n, "skipped": n}}. For operators after an
 * upgrade (docs/privacy.md); idempotent. Like the key endpoint, on the service port under {@code /internal}, which the
 * gateway never routes and the NetworkPolicy keeps to OpenProxy's pods.
 */
@RestController
public class PersonalDataReencryptionController {

    public static final String PATH = "/internal/personal-data/reencrypt";

    private final PersonalDataReencryption reencryption;

    public PersonalDataReencryptionController(PersonalDataReencryption reencryption) {
        this.reencryption = reencryption;
    }

    @PostMapping(path = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Long> reencrypt() {
        return PersonalDataReencryption.asMap(reencryption.run());
    }
}
