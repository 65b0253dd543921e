package dev.genserver.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a handler that casts to a process ({@code GenServer.cast}) and answers once the message is queued.
 * Besides the failures of its {@link Recipient}s, such a handler can answer 503 {@code overloaded} (a full
 * mailbox); nothing waits for the process, so there is no timeout. Documentation only: it changes no behaviour.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface Casts {

    /** The processes the cast may reach; none for a process looked up without failing. */
    Recipient[] value() default {};
}
