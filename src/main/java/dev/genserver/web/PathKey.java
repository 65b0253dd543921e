package dev.genserver.web;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A key or name that travels in the path (store keys, cache keys, counter names, rate-limit keys) and follows the
 * key rule: 1 to 256 characters after percent-decoding, any Unicode text except {@code /}, {@code ;}, NUL and
 * control characters, and not {@code .} or {@code ..}, which proxies and clients normalise away. Spring MVC
 * validates it before the handler runs; a broken one is answered 400 {@code invalid_key} naming the parameter and
 * what is wrong (never echoing the key), and the OpenAPI document lists that answer wherever such a parameter is.
 */
@Documented
@Constraint(validatedBy = PathKey.Rule.class)
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
public @interface PathKey {

    String message() default "breaks the key rule";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** The key rule. */
    final class Rule implements ConstraintValidator<PathKey, String> {

        static final int MAX_LENGTH = 256;

        @Override
        public boolean isValid(String key, ConstraintValidatorContext context) {
            String problem = problem(key);
            if (problem != null) {
                context.disableDefaultConstraintViolation();
                context.buildConstraintViolationWithTemplate(problem).addConstraintViolation();
            }
            return problem == null;
        }

        /** What is wrong with {@code key}, never echoing it; null if it follows the rule. */
        static String problem(String key) {
            if (key == null || key.isEmpty()) {
                return "must not be empty";
            } else if (key.codePointCount(0, key.length()) > MAX_LENGTH) {
                return "must be at most " + MAX_LENGTH + " characters";
            } else if (key.equals(".") || key.equals("..")) {
                return "must not be '.' or '..'";
            }
            boolean forbidden = key.chars().anyMatch(c -> c == '/' || c == ';' || Character.isISOControl(c));
            return forbidden ? "must not contain '/', ';' or control characters" : null;
        }
    }
}
