package dev.genserver.idempotency;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/**
 * What a request sends besides its method and target, read before it is handled so that it can be fingerprinted:
 * the body's bytes, or, for a form whose parameters are parsed from the body (a POSTed
 * {@code application/x-www-form-urlencoded} form, by {@code web.RequestGuard}; any {@code multipart/*}, by the
 * container), its parameters and a multipart body's file parts, parsed here so that the handler still finds them;
 * the body is then consumed and empty.
 *
 * @param body  the body, empty if there is none or it was parsed into parameters
 * @param form  the request's parameters (the query's included) if a form was parsed, else empty; the file parts of
 *              a multipart body are not among them
 * @param files the SHA-256 of a multipart body's file parts in order, each its name, file name, type and bytes,
 *              each written as its length and itself so that no two sets of parts read alike; read from the
 *              container's copy (on disk) a buffer at a time, never held whole; empty for any other body
 */
record RequestContent(byte[] body, Map<String, String[]> form, byte[] files) {

    /**
     * Reads {@code request}'s content, or answers null if the container cannot parse its form (malformed, too many
     * parameters). Bounded: {@code web.RequestGuard} has refused a declared length over the limit, and read every
     * keyed body but a multipart one within the body budget and timeout; a multipart one the container parses and
     * keeps on disk, and its file parts are hashed from there, not copied.
     *
     * @throws IOException if the body cannot be read
     */
    static RequestContent read(HttpServletRequest request) throws IOException {
        String type = request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
        Map<String, String[]> form = Map.of();
        byte[] files = new byte[0];
        try {
            if (type.startsWith("multipart/")) {
                files = files(request.getParts());
                form = request.getParameterMap();
            } else if (type.startsWith("application/x-www-form-urlencoded") && "POST".equals(request.getMethod())) {
                form = request.getParameterMap();
            }
        } catch (IOException | ServletException | IllegalStateException unparsable) {
            return null; // a client that left mid-form is answered too, and does not hear it
        }
        return new RequestContent(request.getInputStream().readAllBytes(), form, files);
    }

    /** The digest of the parts that are files (the container keeps them out of the parameters); empty if none. */
    private static byte[] files(Collection<Part> parts) throws IOException {
        MessageDigest files = Fingerprint.sha256();
        boolean any = false;
        for (Part part : parts) {
            if (part.getSubmittedFileName() != null) {
                any = true;
                for (String text : new String[] {part.getName(), part.getSubmittedFileName(),
                        String.valueOf(part.getContentType())}) {
                    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                    files.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
                    files.update(bytes);
                }
                files.update((part.getSize() + ":").getBytes(StandardCharsets.US_ASCII));
                try (InputStream content = new DigestInputStream(part.getInputStream(), files)) {
                    content.transferTo(OutputStream.nullOutputStream());
                }
            }
        }
        return any ? files.digest() : new byte[0];
    }
}
