package dev.genserver.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Judges request bodies before any controller reads them, for every path:
 * <ul>
 *   <li>over {@code genserver.web.max-body-size}: 413 {@code body_too_large}. Neither Boot nor Tomcat limits a
 *       JSON body (their limits cover form posts and multipart). A declared Content-Length is judged by its header
 *       without reading a byte; a chunked body, which has none, is read up to one byte past the limit.</li>
 *   <li>a JSON body that is not valid UTF-8: 400 {@code invalid_json}. Jackson refuses most broken bytes but
 *       decodes overlong forms (C0 AF as {@code /}), the classic way to slip a character past a check; RFC 8259
 *       requires UTF-8, and Java's decoder is strict.</li>
 * </ul>
 * A body read here is served again from memory ({@link BufferedBodyRequest}); bodies are small by the very limit.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
@EnableConfigurationProperties(WebLimitsProperties.class) // so that controller slices, which load filters, get it
class RequestBodyFilter extends OncePerRequestFilter {

    private final JsonMapper json;
    private final int limit;

    RequestBodyFilter(JsonMapper json, WebLimitsProperties properties) {
        this.json = json;
        this.limit = (int) properties.maxBodySize().toBytes();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            Failure.write(response, json, Failure.BODY_TOO_LARGE.problem(Failure.BODY_TOO_LARGE.detail(limit)));
            return;
        }
        boolean chunked = declared < 0 && request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
        boolean isJson = isJson(request.getContentType());
        if (!chunked && !(isJson && declared > 0)) {
            chain.doFilter(request, response);
            return;
        }
        byte[] body = request.getInputStream().readNBytes(limit + 1);
        if (body.length > limit) {
            Failure.write(response, json, Failure.BODY_TOO_LARGE.problem(Failure.BODY_TOO_LARGE.detail(limit)));
        } else if (isJson && !isUtf8(body)) {
            Failure.write(response, json, Failure.INVALID_JSON.problem("the request body is not valid UTF-8"));
        } else {
            chain.doFilter(new BufferedBodyRequest(request, body), response);
        }
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return MediaType.APPLICATION_JSON.isCompatibleWith(type) || "json".equals(type.getSubtypeSuffix());
        } catch (InvalidMediaTypeException unreadable) {
            return false; // Spring answers it with 415 or 400 later
        }
    }

    private static boolean isUtf8(byte[] body) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body));
            return true;
        } catch (CharacterCodingException malformed) {
            return false;
        }
    }
}
