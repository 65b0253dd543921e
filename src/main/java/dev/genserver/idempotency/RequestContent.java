package dev.genserver.idempotency;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;

/**
 * What a request sends besides its method and target, read before it is handled so that it can be fingerprinted:
 * the body's bytes, or, for a form the container parses from the body itself (a POSTed
 * {@code application/x-www-form-urlencoded} form, any {@code multipart/*}), its parameters, parsed here so that the
 * handler still finds them; the body is then consumed and empty.
 *
 * @param body the body, empty if there is none or the container parsed it
 * @param form the request's parameters (the query's included) if the container parsed a form, else empty; the
 *             file parts of a multipart body are not among them
 */
record RequestContent(byte[] body, Map<String, String[]> form) {

    /**
     * Reads {@code request}'s content, or answers null if the container cannot parse its form (malformed, too many
     * parameters). Bounded: {@code web.RequestGuard} has refused a declared length over the limit and buffered
     * every chunked body.
     *
     * @throws IOException if the body cannot be read
     */
    static RequestContent read(HttpServletRequest request) throws IOException {
        Map<String, String[]> form;
        try {
            form = form(request);
        } catch (IOException | ServletException | IllegalStateException unparsable) {
            return null; // a client that left mid-form is answered too, and does not hear it
        }
        return new RequestContent(request.getInputStream().readAllBytes(), form);
    }

    private static Map<String, String[]> form(HttpServletRequest request) throws IOException, ServletException {
        String type = request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
        if (type.startsWith("multipart/")) {
            request.getParts();
            return request.getParameterMap();
        }
        if (type.startsWith("application/x-www-form-urlencoded") && "POST".equals(request.getMethod())) {
            return request.getParameterMap();
        }
        return Map.of();
    }
}
