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
@Repeatable(ProblemResponse.List.class)
public @interface ProblemResponse {

    /** The answer, e.g. {@link Failure#EMPTY}: its status, {@code error} and whether it carries Retry-After. */
    Failure value();

    /** The {@code detail} of an example answer, as the service writes it. */
    String detail();

    /** Response headers the answer carries besides Retry-After, by name; each is described in the components. */
    String[] headers() default {};

    /** The container of repeated {@code ProblemResponse}s. */
    @Documented
    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @interface List {

        ProblemResponse[] value();
    }
}
