package dev.genserver.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The answers given outside Spring MVC, on both ports (the management port's context registers its own instance):
 * <ul>
 *   <li>a raw {@code ;} in an API path: 400 {@code invalid_key}. Spring takes {@code ;…} for matrix parameters and
 *       would cut {@code /entries/a;b} down to the key {@code a}, which the key rule ({@link PathKey}) refuses.</li>
 *   <li>a body over {@code genserver.web.max-body-size}: 413 {@code body_too_large}. Neither Boot nor Tomcat limits
 *       a JSON body (their limits cover form posts and multipart). A declared Content-Length is judged without
 *       reading a byte; a chunked body is read up to one byte past the limit.</li>
 *   <li>a JSON body that is not valid UTF-8: 400 {@code invalid_json}. Jackson decodes overlong forms (C0 AF as
 *       {@code /}), the classic way to slip a character past a check; RFC 8259 requires UTF-8.</li>
 *   <li>the error page ({@code /error}, for failures outside Spring MVC; requested directly, a 404 like any unknown
 *       path), and an error answer that would go out without a body: actuator's bare 404 for an unknown health
 *       component, a 406 or 415 whose problem cannot be written because the Accept header cannot be parsed.</li>
 * </ul>
 * A body read here is served again from memory; bodies are small by the very limit. Being the error page, it is
 * the application's {@link ErrorController}, which keeps Boot's own out.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
@EnableConfigurationProperties(WebLimitsProperties.class) // so that controller slices, which load filters, get it
public class RequestGuard extends OncePerRequestFilter implements ErrorController {

    private final JsonMapper json;
    private final int limit;
    private final String errorPath;

    RequestGuard(JsonMapper json, WebLimitsProperties limits,
            @Value("${server.error.path:${error.path:/error}}") String errorPath) {
        this.json = json;
        this.limit = (int) limits.maxBodySize().toBytes();
        this.errorPath = errorPath;
    }

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getDispatcherType() == DispatcherType.ERROR) {
            errorPage(request, response);
            return;
        }
        long declared = request.getContentLengthLong();
        boolean isJson = isJson(request.getContentType());
        if (declared > limit || declared < 0 && request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null
                || isJson && declared > 0) {
            byte[] body = declared > limit ? null : request.getInputStream().readNBytes(limit + 1);
            if (body == null || body.length > limit) {
                write(response, Failure.BODY_TOO_LARGE.problem(Failure.BODY_TOO_LARGE.detail(limit)));
                return;
            }
            if (isJson && !isUtf8(body)) {
                write(response, Failure.INVALID_JSON.problem("the request body is not valid UTF-8"));
                return;
            }
            request = new BufferedBody(request, body);
        }
        String path = request.getRequestURI();
        if (path.equals(errorPath)) {
            errorPage(request, response);
            return;
        }
        if (path.startsWith("/api/") && path.indexOf(';') >= 0) {
            write(response, Failure.INVALID_KEY.problem("keys and names in paths must not contain ';'"));
            return;
        }
        chain.doFilter(request, new HttpServletResponseWrapper(response) {
            @Override
            public void flushBuffer() throws IOException { // held back while an error answer has no body yet
                if (getStatus() < 400 || getContentType() != null) {
                    super.flushBuffer();
                }
            }
        });
        if (!request.isAsyncStarted() && response.getStatus() >= 400 && response.getContentType() == null) {
            write(response, Failure.forStatus(response.getStatus()));
        }
    }

    /** The error page's answer: the status the container reports, 404 when the page is requested directly. */
    private void errorPage(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        ProblemDetail problem = Failure.forStatus(code instanceof Integer value ? value : code == null ? 404 : 500);
        problem.setInstance(URI.create(errorPath));
        write(response, problem);
    }

    /** Writes {@code problem} in place of anything buffered, unless the answer has gone out (or an error page). */
    private void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        byte[] body = json.writeValueAsBytes(problem);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
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
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body)); // reports what it cannot decode
            return true;
        } catch (CharacterCodingException malformed) {
            return false;
        }
    }

    /** A request whose body was read here, served again from memory. */
    private static final class BufferedBody extends HttpServletRequestWrapper {

        private final byte[] body;

        BufferedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream bytes = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return bytes.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return bytes.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return bytes.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is already in memory");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding();
            return new BufferedReader(new InputStreamReader(getInputStream(),
                    encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding)));
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

        @Override
        public int getContentLength() {
            return body.length;
        }
    }
}
