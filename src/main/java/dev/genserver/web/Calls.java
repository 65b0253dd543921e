package dev.genserver.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a handler that calls a process ({@code GenServer.call}) and waits for its reply. Besides the failures of
 * its {@link Recipient}s, such a handler can answer 504 {@code timeout}, 500 {@code exit} and 503
 * {@code overloaded}; the OpenAPI document lists them from this annotation. Documentation only: it changes no
 * behaviour.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface Calls {

    /** The processes the call may reach; none for a process looked up without failing (e.g. by a key). */
    Recipient[] value() default {};
}
