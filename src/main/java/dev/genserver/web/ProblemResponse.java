package dev.genserver.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A problem+json answer specific to one handler (the seed's {@code {:error, :empty}} and its kin), for the
 * OpenAPI document: rendered with the shared Problem schema and an example body. Failures every handler of a
 * kind shares are derived elsewhere ({@link Calls}, {@link Casts}, the handler's parameters); list here only
 * what this handler adds. Documentation only: it changes no behaviour.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Repeatable(ProblemResponses.class)
public @interface ProblemResponse {

    /** The HTTP status, e.g. 409. */
    int status();

    /** The {@code error} property, e.g. {@code empty}. */
    String error();

    /** The {@code detail} of an example answer, as the service writes it. */
    String detail();

    /** Response headers the answer carries, by name; each is described once in the document's components. */
    String[] headers() default {};
}
