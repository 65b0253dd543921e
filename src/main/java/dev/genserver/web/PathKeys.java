package dev.genserver.web;

import org.springframework.web.ErrorResponseException;

/**
 * The rule for keys and names that travel in paths (store keys, cache keys, counter names, rate-limit keys):
 * 1 to 256 characters after percent-decoding, any Unicode text except {@code /}, {@code ;}, NUL and control
 * characters, and not {@code .} or {@code ..}, which proxies and clients normalise away.
 */
public final class PathKeys {

    public static final int MAX_LENGTH = 256;

    private PathKeys() {
    }

    /**
     * Returns {@code key} if it follows the rule.
     *
     * @throws ErrorResponseException {@code invalid_key} naming what is wrong (never echoing the key)
     */
    public static String require(String what, String key) {
        if (key == null || key.isEmpty()) {
            throw invalid(what, "must not be empty");
        }
        int length = key.codePointCount(0, key.length());
        if (length > MAX_LENGTH) {
            throw invalid(what, "must be at most " + MAX_LENGTH + " characters");
        }
        if (key.equals(".") || key.equals("..")) {
            throw invalid(what, "must not be '.' or '..'");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '/' || c == ';' || Character.isISOControl(c)) {
                throw invalid(what, "must not contain '/', ';' or control characters");
            }
        }
        return key;
    }

    private static ErrorResponseException invalid(String what, String problem) {
        return Failure.INVALID_KEY.exception(what + " " + problem);
    }
}
