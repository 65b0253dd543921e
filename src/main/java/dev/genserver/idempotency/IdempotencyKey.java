package dev.genserver.idempotency;

import java.util.Enumeration;

/**
 * Reads the {@code Idempotency-Key} header. The draft makes its value a structured-field string (RFC 9651
 * {@code sf-string}: {@code "…"} of printable ASCII, with {@code \"} and {@code \\} as the only escapes); a bare
 * token ({@code tchar}s, {@code :} and {@code /}, so a bare UUID too) is accepted as well. The key is what the
 * quotes enclose, 1 to {@value #MAX_LENGTH} characters. Anything else, including the header given twice or a
 * string followed by parameters, is not a key.
 */
final class IdempotencyKey {

    /** The longest key, as the draft's examples and the key rule for paths allow. */
    static final int MAX_LENGTH = 256;

    private static final String TOKEN_SYMBOLS = "!#$%&'*+-.^_`|~:/";

    private IdempotencyKey() {
    }

    /** The key the header's values carry, or null if they carry none (no value, two values, a malformed one). */
    static String parse(Enumeration<String> values) {
        if (values == null || !values.hasMoreElements()) {
            return null;
        }
        String value = values.nextElement();
        return values.hasMoreElements() ? null : parse(value);
    }

    /** The key {@code value} carries, or null if it is no key. */
    static String parse(String value) {
        String field = value.strip();
        if (field.length() > 2 * MAX_LENGTH + 2) { // more than the longest key, every character escaped, quoted
            return null;
        }
        String key = field.startsWith("\"") ? unquote(field) : token(field);
        return key == null || key.isEmpty() || key.length() > MAX_LENGTH ? null : key;
    }

    private static String unquote(String field) {
        StringBuilder key = new StringBuilder(field.length());
        for (int i = 1; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '"') {
                return i == field.length() - 1 ? key.toString() : null;
            }
            if (c == '\\') {
                if (++i == field.length() || (field.charAt(i) != '"' && field.charAt(i) != '\\')) {
                    return null;
                }
                c = field.charAt(i);
            } else if (c < 0x20 || c > 0x7e) {
                return null;
            }
            key.append(c);
        }
        return null; // no closing quote
    }

    private static String token(String field) {
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            boolean alphanumeric = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!alphanumeric && TOKEN_SYMBOLS.indexOf(c) < 0) {
                return null;
            }
        }
        return field;
    }
}
