package dev.genserver.web;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A key or name that travels in the path and follows the key rule ({@link PathKeys}). Spring MVC validates it
 * before the handler runs; a broken one is answered 400 {@code invalid_key} naming the parameter and what is wrong
 * (never echoing the key), and the OpenAPI document lists that answer for every operation with such a parameter.
 */
@Documented
@Constraint(validatedBy = PathKeys.class)
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
public @interface PathKey {

    String message() default "breaks the key rule";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
