package io.scalepoc.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.beans.factory.annotation.Qualifier;

/**
 * Qualifies the replica's clock (PostgreSQL's, see {@link ReferenceClock}) where it is injected, so
 * that an application's own {@code java.time.Clock} bean, whatever its name, neither replaces it nor
 * makes the injection ambiguous.
 */
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Qualifier
public @interface ReplicaClock {}
