package dev.genserver.idempotency;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What makes two requests with one key the same request: SHA-256 over the method, the path and query as sent, and
 * the body's bytes. Headers other than the key do not count (a retry may differ in Date, tracing, Accept).
 */
final class Fingerprint {

    private Fingerprint() {
    }

    /** The request's fingerprint, 64 hex digits. */
    static String of(HttpServletRequest request, byte[] body) {
        MessageDigest sha256 = sha256();
        String query = request.getQueryString();
        // A newline cannot occur in a method, path or query, so the parts cannot run into each other.
        sha256.update((request.getMethod() + '\n' + request.getRequestURI() + '\n' + (query == null ? "" : "?" + query)
                + '\n').getBytes(StandardCharsets.UTF_8));
        sha256.update(body);
        return HexFormat.of().formatHex(sha256.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException absent) {
            throw new IllegalStateException("every Java platform has SHA-256", absent);
        }
    }
}
