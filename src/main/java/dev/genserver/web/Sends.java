package dev.genserver.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a handler sends to which processes, and its own answers. From it and from what the handler reads, the
 * OpenAPI document lists every problem+json answer the handler can give ({@link OpenApiConfiguration}). Documentation
 * only: it changes no behaviour.
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

    /**
     * A {@code CALL} waits for the reply, so it can time out or see the process exit; a {@code SUPERVISE} asks the
     * service's dynamic supervisor to start or stop a process and waits for that without a bound, as OTP's
     * {@code start_child} and {@code terminate_child} do, so it can see the exit but not time out; a {@code CAST}
     * only queues; a {@code LOOKUP} sends nothing, it reads which processes are registered (refused only while their
     * supervisor is not there, when an empty registry says nothing).
     */
    enum Message { CALL, SUPERVISE, CAST, LOOKUP }

    /**
     * Each answers 503 {@code unavailable} while it, or the dynamic supervisor of its service, restarts; a
     * {@code PROCESS_BY_ID} (the id or name in the path) 404 {@code noproc} once it is gone; a {@code NEW_PROCESS},
     * started on demand under a dynamic supervisor, 503 {@code max_children} at its limit.
     */
    enum Recipient { SINGLETON, PROCESS_BY_ID, NEW_PROCESS }

    /**
     * One answer of the handler's own: the failure, an example detail as the service words it, extra headers. In a
     * controller that has {@link Settings}, the detail is a format of its settings.
     */
    @interface Problem {

        Failure value();

        String detail();

        /** Besides Retry-After, by name; each is described in the document's components. */
        String[] headers() default {};
    }

    /**
     * A controller whose answers name its settings (a limit, a capacity): each detail of its {@link Problem}s is a
     * format ({@link String#formatted}) of {@link #detailArguments}, as the handler formats the detail it answers
     * with, so that the document shows this instance's limits rather than the defaults.
     */
    interface Settings {

        Object[] detailArguments();
    }
}
