package dev.openproxy.contracts.events;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the record component whose value (a SID) is the erasure scope of the record's {@link PersonalData} fields,
 * when that is narrower than the Session: an Interaction's body and numbers are encrypted under the Interaction's own
 * key, so deleting one Interaction erases it alone. The record's {@code sessionSid} stays the parent scope: erasing
 * the Session (its DELETE, its Service's DELETE, retention) erases every scope under it. Without this annotation the
 * scope is the {@code sessionSid} (docs/adr/0012-crypto-shredding.md).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD})
public @interface PersonalDataScope {
}
