package dev.genserver.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a handler sends to which processes, and the answers of its own, from which the OpenAPI document derives
 * every problem+json answer it can give (with those of what it reads: a {@link PathKey}, a query parameter, a
 * body). Documentation only: it changes no behaviour.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface Sends {

    Message value();

    /** The processes the message may reach; none for a process looked up without failing (e.g. by a key). */
    Recipient[] to() default {};

    /** The handler's own answers (the seed's {@code {:error, :empty}} and its kin). */
    Problem[] problems() default {};

    enum Message {
        /** {@code GenServer.call}, waiting for the reply: 504 {@code timeout}, 500 {@code exit}, 503 {@code overloaded}. */
        CALL,
        /** {@code GenServer.cast}, answered once queued: 503 {@code overloaded} (a full mailbox), never a timeout. */
        CAST
    }

    enum Recipient {
        /** A named singleton ({@code dev.genserver.app.Singleton}): 503 {@code unavailable} while it restarts. */
        SINGLETON,
        /** An existing process addressed by the id or name in the path: 404 {@code noproc} once it is gone. */
        PROCESS_BY_ID,
        /** A process started on demand under a dynamic supervisor: 503 {@code max_children} at its limit. */
        NEW_PROCESS
    }

    /** One answer of the handler's own, shown with an example body. */
    @interface Problem {

        /** The answer, e.g. {@link Failure#EMPTY}: its status, {@code error} and whether it carries Retry-After. */
        Failure value();

        /** The {@code detail} of an example answer, as the service writes it. */
        String detail();

        /** Response headers the answer carries besides Retry-After, by name; each is described in the components. */
        String[] headers() default {};
    }
}
