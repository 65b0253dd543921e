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
 * control characters, bidi controls and invisible spaces (see {@link Rule}), and not {@code .} or {@code ..},
 * which proxies and clients normalise away. Spring MVC validates it before the handler runs; a broken one is
 * answered 400 {@code invalid_key} naming the parameter and what is wrong (never echoing the key), and the OpenAPI
 * document lists that answer wherever such a parameter is.
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
            return forbidden ? "must not contain '/', ';', control, bidi control or invisible space characters"
                    : null;
        }

        /**
         * Control characters, and those that rearrange the text around them or show as nothing at all: the bidi
         * controls (U+061C, U+200E, U+200F, U+202A to U+202E, U+2066 to U+2069), the invisible spaces and
         * operators (U+180E, U+200B, U+2060 to U+2064, U+FEFF) and the line and paragraph separators. A key
         * holding one could be shown in the observer, a log or a terminal as another key. The zero-width joiners,
         * which words and emoji need (Persian's U+200C, a family emoji's U+200D), are text.
         */
        private static boolean isInvisible(int c) {
            int type = Character.getType(c);
            return Character.isISOControl(c) || c == 0x061C || c == 0x200E || c == 0x200F
                    || c >= 0x202A && c <= 0x202E || c >= 0x2066 && c <= 0x2069
                    || c == 0x180E || c == 0x200B || c >= 0x2060 && c <= 0x2064 || c == 0xFEFF
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
        }
    }
}
