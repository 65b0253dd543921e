package dev.genserver.idempotency;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.TreeMap;

/**
 * What makes two requests with one key the same request: SHA-256 over the method, the path and query as sent, and
 * the body's bytes, or the form's parameters and file parts where the container parsed it ({@link RequestContent}).
 * Headers other than the key do not count (a retry may differ in Date, tracing, Accept).
 */
final class Fingerprint {

    private Fingerprint() {
    }

    /** The fingerprint of {@code request}, whose content is {@code content}: 64 hex digits. */
    static String of(HttpServletRequest request, RequestContent content) {
        MessageDigest sha256 = sha256();
        String query = request.getQueryString();
        boolean parsed = !content.form().isEmpty() || content.files().length > 0;
        if (parsed) {
            // A parsed form's input begins with a NUL, which no method does, so no raw body can spell it out (one
            // that wrote the form's parameters as they are written below was taken for that form). A request
            // without a parsed form keeps the fingerprint it had before.
            update(sha256, "\0");
        }
        // A newline cannot occur in a method, path or query, so the parts cannot run into each other.
        update(sha256, request.getMethod() + '\n' + request.getRequestURI() + '\n' + (query == null ? "" : query));
        new TreeMap<>(content.form()).forEach((name, values) -> {
            for (String value : values) { // each part as its length and its characters: no two forms read alike
                update(sha256, "\n" + name.length() + ':' + name + value.length() + ':' + value);
            }
        });
        if (parsed) { // the file parts and the body, each after its length: a parameter begins with a digit
            update(sha256, "\nfiles:" + content.files().length + '\n');
            sha256.update(content.files());
            update(sha256, "\nbody:" + content.body().length + '\n');
        } else {
            update(sha256, "\n");
        }
        sha256.update(content.body());
        return HexFormat.of().formatHex(sha256.digest());
    }

    private static void update(MessageDigest sha256, String text) {
        sha256.update(text.getBytes(StandardCharsets.UTF_8));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException absent) {
            throw new IllegalStateException("every Java platform has SHA-256", absent);
        }
    }
}
