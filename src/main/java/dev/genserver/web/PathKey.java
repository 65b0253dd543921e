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
 * key rule: 1 to 256 characters after percent-decoding, any Unicode text except {@code /}, {@code ;}, NUL,
 * control characters and invisible formatting characters (bidi overrides, zero-width characters), and not
 * {@code .} or {@code ..}, which proxies and clients normalise away. Spring MVC validates it before the handler
 * runs; a broken one is answered 400 {@code invalid_key} naming the parameter and what is wrong (never echoing the
 * key), and the OpenAPI document lists that answer wherever such a parameter is.
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
            boolean forbidden = key.codePoints().anyMatch(c -> c == '/' || c == ';' || isInvisible(c));
            return forbidden ? "must not contain '/', ';', control or invisible formatting characters" : null;
        }

        /**
         * Control characters, and the format characters and separators that show as nothing or rearrange the text
         * around them (bidi overrides, zero-width spaces and joiners, the byte order mark, U+2028): a key holding
         * one could be shown in the observer, a log or a terminal as another key.
         */
        private static boolean isInvisible(int c) {
            int type = Character.getType(c);
            return Character.isISOControl(c) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR;
        }
    }
}
