package dev.genserver.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses request bodies over {@code genserver.web.max-body-size} with 413 {@code body_too_large}, for every
 * path. Neither Boot nor Tomcat limits a JSON body (their limits cover form posts and multipart only).
 *
 * <p>A body with a Content-Length is judged by its header without reading a byte. A chunked body has none, so
 * it is read here up to one byte past the limit: over it, 413; within it, the request goes on with the bytes
 * already read ({@link BufferedBodyRequest}). Bodies are small by this very limit, so holding one in memory is
 * the cheap and certain way; counting bytes inside the JSON reader would surface as a Jackson error wrapped by
 * Spring, far from here.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
@EnableConfigurationProperties(WebLimitsProperties.class) // so that controller slices, which load filters, get it
class BodySizeFilter extends OncePerRequestFilter {

    private final JsonMapper json;
    private final int limit;

    BodySizeFilter(JsonMapper json, WebLimitsProperties properties) {
        this.json = json;
        this.limit = (int) properties.maxBodySize().toBytes();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            refuse(response);
            return;
        }
        if (declared < 0 && request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
            byte[] body = request.getInputStream().readNBytes(limit + 1);
            if (body.length > limit) {
                refuse(response);
                return;
            }
            chain.doFilter(new BufferedBodyRequest(request, body), response);
            return;
        }
        chain.doFilter(request, response);
    }

    private void refuse(HttpServletResponse response) throws IOException {
        response.setStatus(HttpStatus.CONTENT_TOO_LARGE.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), Problems.problem(HttpStatus.CONTENT_TOO_LARGE, "body_too_large",
                "the request body exceeds " + limit + " bytes"));
    }
}
