package dev.openproxy.support.personal;

import org.axonframework.serialization.Converter;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;

/**
 * Axon's event serializer with crypto-shredding: {@code @PersonalData} fields are encrypted on the way into the event
 * store and decrypted on the way out, so aggregates, projections and upcasters never know. An event whose key was
 * destroyed deserializes with those fields null: replays still work, and show the data as erased.
 */
public class PersonalDataSerializer implements Serializer {

    private final Serializer delegate;
    private final PersonalDataProtector protector;

    public PersonalDataSerializer(Serializer delegate, PersonalDataProtector protector) {
        this.delegate = delegate;
        this.protector = protector;
    }

    @Override
    public <T> SerializedObject<T> serialize(Object object, Class<T> expectedRepresentation) {
        return delegate.serialize(protector.encrypt(object), expectedRepresentation);
    }

    @Override
    public <T> boolean canSerializeTo(Class<T> expectedRepresentation) {
        return delegate.canSerializeTo(expectedRepresentation);
    }

    @Override
    public <S, T> T deserialize(SerializedObject<S> serializedObject) {
        T object = delegate.deserialize(serializedObject);
        return protector.decrypt(object);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class classForType(SerializedType type) {
        return delegate.classForType(type);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public SerializedType typeForClass(Class type) {
        return delegate.typeForClass(type);
    }

    @Override
    public Converter getConverter() {
        return delegate.getConverter();
    }
}
