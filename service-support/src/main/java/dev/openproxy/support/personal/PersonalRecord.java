package dev.openproxy.support.personal;

import dev.openproxy.contracts.events.PersonalData;
import dev.openproxy.contracts.events.PersonalDataScope;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The shape of an event record with {@code @PersonalData} String components: which components are personal, and
 * where its scope is: the {@code @PersonalDataScope} component (an Interaction's own SID), whose parent is the
 * {@code sessionSid}, or else the {@code sessionSid} itself (a Session's personal data is erased with the Session).
 * Records are immutable, so a rewrite builds a copy through the canonical constructor.
 */
final class PersonalRecord {

    static final String SCOPE_COMPONENT = "sessionSid";
    private static final Map<Class<?>, Optional<PersonalRecord>> SHAPES = new ConcurrentHashMap<>();

    private final RecordComponent[] components;
    private final boolean[] personal;
    private final int scope;
    /** The session component when the scope is narrower than the session, else -1. */
    private final int parent;
    private final Constructor<?> constructor;

    /** Replaces one personal value; {@code parentScope} is null when the scope is the Session itself. */
    @FunctionalInterface
    interface FieldRewrite {
        String apply(String scope, String parentScope, String value);
    }

    private PersonalRecord(RecordComponent[] components, boolean[] personal, int scope, int parent,
                           Constructor<?> constructor) {
        this.components = components;
        this.personal = personal;
        this.scope = scope;
        this.parent = parent;
        this.constructor = constructor;
    }

    /** Empty for a class without personal fields: it is stored and published as it is. */
    static Optional<PersonalRecord> of(Class<?> type) {
        return SHAPES.computeIfAbsent(type, PersonalRecord::inspect);
    }

    private static Optional<PersonalRecord> inspect(Class<?> type) {
        if (!type.isRecord()) {
            if (Arrays.stream(type.getDeclaredFields()).anyMatch(f -> f.isAnnotationPresent(PersonalData.class))) {
                throw new IllegalStateException(type.getName() + " has @PersonalData fields but is not a record");
            }
            return Optional.empty();
        }
        RecordComponent[] components = type.getRecordComponents();
        boolean[] personal = new boolean[components.length];
        boolean any = false;
        int session = -1;
        int narrower = -1;
        for (int i = 0; i < components.length; i++) {
            personal[i] = components[i].isAnnotationPresent(PersonalData.class);
            if (personal[i] && components[i].getType() != String.class) {
                throw new IllegalStateException(type.getName() + "." + components[i].getName()
                        + ": @PersonalData is supported on String components only");
            }
            any |= personal[i];
            if (components[i].getName().equals(SCOPE_COMPONENT) && components[i].getType() == String.class) {
                session = i;
            }
            if (components[i].isAnnotationPresent(PersonalDataScope.class)) {
                if (narrower >= 0 || components[i].getType() != String.class) {
                    throw new IllegalStateException(type.getName() + ": @PersonalDataScope must be on one String component");
                }
                narrower = i;
            }
        }
        if (!any) {
            return Optional.empty();
        }
        if (session < 0) {
            // Fail at the first use rather than store personal data that no erasure could reach: a narrower scope
            // must still be erased with its Session.
            throw new IllegalStateException(type.getName() + " has @PersonalData but no " + SCOPE_COMPONENT + " to scope it");
        }
        int scope = narrower >= 0 ? narrower : session;
        int parent = narrower >= 0 ? session : -1;
        Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
        try {
            Constructor<?> constructor = type.getDeclaredConstructor(types);
            constructor.setAccessible(true);
            return Optional.of(new PersonalRecord(components, personal, scope, parent, constructor));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("A record always has its canonical constructor", e);
        }
    }

    /**
     * A copy of {@code record} whose personal values are replaced by {@code rewrite(scope, parentScope, value)}; null
     * values stay null. The scope (and the session above a narrower one) must be set: personal data without one could
     * never be erased.
     */
    @SuppressWarnings("unchecked")
    <T> T rewrite(T record, FieldRewrite rewrite) {
        Object[] values = new Object[components.length];
        try {
            for (int i = 0; i < components.length; i++) {
                values[i] = components[i].getAccessor().invoke(record);
            }
            String scopeId = (String) values[scope];
            String parentId = parent < 0 ? null : (String) values[parent];
            for (int i = 0; i < components.length; i++) {
                if (personal[i] && values[i] != null) {
                    if (scopeId == null || (parent >= 0 && parentId == null)) {
                        throw new IllegalStateException(record.getClass().getSimpleName() + " with personal data has no "
                                + "scope (" + components[scope].getName() + ", " + SCOPE_COMPONENT + ")");
                    }
                    values[i] = rewrite.apply(scopeId, parentId, (String) values[i]);
                }
            }
            return (T) constructor.newInstance(values);
        } catch (IllegalAccessException | InstantiationException | InvocationTargetException e) {
            throw new IllegalStateException("Could not copy " + record.getClass().getSimpleName(), e);
        }
    }
}
