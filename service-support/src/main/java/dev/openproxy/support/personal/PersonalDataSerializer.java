package dev.openproxy.support.personal;

import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;

/**
 * Axon's event serializer with crypto-shredding: {@code @PersonalData} fields are encrypted on the way into the event
 * store and decrypted on the way out, so aggregates, projections and upcasters never know. An event whose key was
 * destroyed deserializes with those fields null: replays still work, and show the data as erased.
 */
public class PersonalDataSerializer extends DelegatingSerializer {

    private final PersonalDataProtector protector;

    public PersonalDataSerializer(Serializer delegate, PersonalDataProtector protector) {
        super(delegate);
        this.protector = protector;
    }

    @Override
    public <T> SerializedObject<T> serialize(Object object, Class<T> expectedRepresentation) {
        return super.serialize(protector.encrypt(object), expectedRepresentation);
    }

    @Override
    public <S, T> T deserialize(SerializedObject<S> serializedObject) {
        T object = super.deserialize(serializedObject);
        return protector.decrypt(object);
    }
}
