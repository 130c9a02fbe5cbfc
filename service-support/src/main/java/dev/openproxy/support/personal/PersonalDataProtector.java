package dev.openproxy.support.personal;

import javax.crypto.SecretKey;
import java.util.Optional;
import java.util.function.Function;

/**
 * Encrypts and decrypts the {@code @PersonalData} fields of an event record with its scope's key. Used where an
 * event leaves the JVM: the event store ({@link PersonalDataSerializer}) and Kafka (IntegrationEventPublisher);
 * consumers decrypt with the producing service's keys ({@link PersonalDataReader}). Objects without personal fields
 * pass through unchanged.
 */
public class PersonalDataProtector {

    private final PersonalDataKeys keys;

    public PersonalDataProtector(PersonalDataKeys keys) {
        this.keys = keys;
    }

    /**
     * Personal values encrypted with the scope's key (created on first use). A value of an erased scope is written as
     * null: a late event of a deleted Session must not bring its data back. Values already encrypted stay as they are.
     */
    public <T> T encrypt(T payload) {
        if (payload == null) {
            return null;
        }
        return PersonalRecord.of(payload.getClass())
                .map(shape -> shape.rewrite(payload, (scope, parentScope, value) -> {
                    if (FieldCipher.isEncrypted(value)) {
                        return value;
                    }
                    return keys.keyFor(scope, parentScope).map(key -> FieldCipher.encrypt(scope, key, value)).orElse(null);
                }))
                .orElse(payload);
    }

    /** Decrypted with this service's own keys: what the event store holds. */
    public <T> T decrypt(T payload) {
        return decrypt(payload, keys::existingKey);
    }

    /**
     * Decrypted with the keys {@code lookup} finds by scope; a value whose key is gone reads as null (erased). Values
     * in the clear (events written before encryption existed) pass through.
     */
    public static <T> T decrypt(T payload, Function<String, Optional<SecretKey>> lookup) {
        if (payload == null) {
            return null;
        }
        return PersonalRecord.of(payload.getClass())
                .map(shape -> shape.rewrite(payload, (scope, parentScope, value) -> {
                    if (!FieldCipher.isEncrypted(value)) {
                        return value;
                    }
                    String keyScope = FieldCipher.scopeOf(value).orElse(scope);
                    return lookup.apply(keyScope).flatMap(key -> FieldCipher.decrypt(key, value)).orElse(null);
                }))
                .orElse(payload);
    }
}
