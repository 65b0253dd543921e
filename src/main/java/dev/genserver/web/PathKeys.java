package dev.genserver.web;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/**
 * The rule for keys and names that travel in paths (store keys, cache keys, counter names, rate-limit keys):
 * 1 to 256 characters after percent-decoding, any Unicode text except {@code /}, {@code ;}, NUL and control
 * characters, and not {@code .} or {@code ..}, which proxies and clients normalise away. Validates {@link PathKey}.
 */
public final class PathKeys implements ConstraintValidator<PathKey, String> {

    public static final int MAX_LENGTH = 256;

    @Override
    public boolean isValid(String key, ConstraintValidatorContext context) {
        String problem = problem(key);
        if (problem != null) {
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(problem).addConstraintViolation();
        }
        return problem == null;
    }

    /** The {@code detail} of the answer to a broken key: the parameter, then what is wrong. */
    static String detail(String parameter, String problem) {
        return parameter + " " + problem;
    }

    /** What is wrong with {@code key}, never echoing it; null if it follows the rule. */
    static String problem(String key) {
        if (key == null || key.isEmpty()) {
            return "must not be empty";
        }
        if (key.codePointCount(0, key.length()) > MAX_LENGTH) {
            return "must be at most " + MAX_LENGTH + " characters";
        }
        if (key.equals(".") || key.equals("..")) {
            return "must not be '.' or '..'";
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '/' || c == ';' || Character.isISOControl(c)) {
                return "must not contain '/', ';' or control characters";
            }
        }
        return null;
    }
}
