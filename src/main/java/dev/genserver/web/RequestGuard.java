package dev.genserver.web;

import dev.genserver.runtime.TimerService;
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
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * What is judged before Spring MVC, on both ports (the management port's context registers it too), each as the
 * README's "What a request must look like" and "Memory" sections say: a browser's cross-site write
 * ({@link CrossSiteWrites}); a body's size, type, encoding and charset, read here within the {@link BodyBudget} and
 * {@code genserver.web.body-timeout} when it is JSON, a POSTed form ({@link FormBody}), without a length, or a keyed
 * write's (the idempotency filter reads it whole; a multipart one is the container's, on disk); the query string;
 * the context path; a {@code ;} in the path, which Spring would take for matrix parameters; the Accept header
 * ({@link AcceptHeader}); OPTIONS answers; {@code Cache-Control: no-store} on every answer but the observer's files,
 * which {@code ObserverConfiguration} marks {@code no-cache}. It is the error page too
 * ({@link ErrorController}, which keeps Boot's out), and gives a bodyless error answer its problem.
 *
 * <p>That body can be written once the chain returns: Spring MVC flushes a response only once its body is used,
 * and the container commits it after the filters, so the response goes down the chain unwrapped. The one writer
 * that flushes a bodyless error, {@code DefaultCorsProcessor.rejectRequest}, runs only for a CORS configuration,
 * and the service has none.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2) // inside Boot's observation filter (+1), so every answer is measured
@EnableConfigurationProperties(WebLimitsProperties.class) // so that controller slices, which load filters, get it
public class RequestGuard extends OncePerRequestFilter implements ErrorController {

    static final String SEMICOLON = "paths, and the keys and names in them, must not contain ';'";
    static final String NOT_UTF8 = "the request body is not valid UTF-8";
    static final String UNDECODABLE_QUERY = "the query string cannot be decoded: a '%' not followed by two hex "
            + "digits, or escapes that do not spell UTF-8";
    static final String UNDECODABLE_PARAMETERS = "the query string or form body cannot be decoded, or has too many "
            + "parameters";
    static final String REPEATED_CONTENT_TYPE = "the request repeats Content-Type: send its body's type once";
    static final String COMPRESSED = "request bodies are not decompressed: send them without a Content-Encoding";
    /** On every answer but the observer's files: a process's state at that moment, which no cache may keep. */
    public static final String NO_STORE = "no-store";
    /** The most of a body one read waits for: Tomcat's own read buffer, so no read is split. */
    static final int READ_CHUNK = 8 * 1024;
    /** The header that makes a write safe to retry ({@code idempotency.IdempotencyFilter}). */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /**
     * Marks a request whose body ran out of time (408): the error report valve ({@code server.ProblemErrorReportValve})
     * then has the connection close without Tomcat reading the rest at the client's pace. Other refused bodies (413,
     * 503) are read and discarded as Tomcat does, up to its max-swallow-size, so a client that sends its whole body
     * before it reads sees their answer rather than a reset connection: those clients are fast, and the 503 carries
     * a {@code Retry-After} they should act on.
     */
    public static final String BODY_TIMED_OUT = RequestGuard.class.getName() + ".bodyTimedOut";
    static final String BODIES_HELD = "the instance holds as many request bodies in memory as it may; retry after "
            + "Retry-After seconds";

    private final JsonMapper json;
    private final int limit;
    private final BodyBudget budget;
    private final long bodyTimeoutMillis;
    private final LongSupplier nanoTime;
    private final String errorPath;
    private final int maxParameters;
    private final List<String> trustedOrigins;

    /** {@code timers}: the monotonic clock tests move by hand, where they replace the runtime's; else the system's. */
    RequestGuard(JsonMapper json, WebLimitsProperties limits, BodyBudget budget, ObjectProvider<TimerService> timers,
            @Value("${server.error.path:${error.path:/error}}") String errorPath,
            @Value("${server.tomcat.max-parameter-count:1000}") int maxParameters) {
        this.json = json;
        this.limit = (int) limits.maxBodySize().toBytes();
        this.budget = budget;
        this.bodyTimeoutMillis = limits.bodyTimeout().toMillis();
        TimerService manual = timers.getIfAvailable();
        this.nanoTime = manual == null ? System::nanoTime : manual::nanoTime;
        this.errorPath = errorPath;
        this.maxParameters = maxParameters;
        this.trustedOrigins = limits.trustedOrigins();
    }

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader(HttpHeaders.CACHE_CONTROL, NO_STORE);
        boolean errorPage = request.getDispatcherType() == DispatcherType.ERROR;
        String crossSite = errorPage ? null : CrossSiteWrites.refusal(request, trustedOrigins);
        if (crossSite != null) { // first, so that nothing of the request is read or judged
            write(request, response, Failure.FORBIDDEN.problem(crossSite));
            return;
        }
        long declared = request.getContentLengthLong();
        boolean hasBody = declared > 0 || declared < 0 && request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
        boolean readsBody = !errorPage && hasBody;
        if (readsBody && repeated(request.getHeaders(HttpHeaders.CONTENT_TYPE))) {
            write(request, response, Failure.INVALID_REQUEST.problem(REPEATED_CONTENT_TYPE));
            return;
        }
        MediaType type = readsBody ? mediaType(request.getContentType()) : null;
        String unsupported = readsBody ? unsupported(type, request.getHeader(HttpHeaders.CONTENT_ENCODING)) : null;
        if (unsupported != null) { // with the header that says what would be taken, a coding or a type
            boolean compressed = COMPRESSED.equals(unsupported);
            response.setHeader(compressed ? HttpHeaders.ACCEPT_ENCODING : HttpHeaders.ACCEPT,
                    compressed ? "identity" : MediaType.APPLICATION_JSON_VALUE);
            write(request, response, Failure.UNSUPPORTED_MEDIA_TYPE.problem(unsupported));
            return;
        }
        boolean isJson = type != null && isJson(type);
        // a POST's form, whose parameters Tomcat would read, taking a buffer of the declared length at once
        boolean isForm = type != null && MediaType.APPLICATION_FORM_URLENCODED.equalsTypeAndSubtype(type)
                && HttpMethod.POST.matches(request.getMethod());
        // a write with an Idempotency-Key, whose body the idempotency filter reads whole to fingerprint it, whatever
        // its type; but a multipart one, which the container parses to disk (a body read here could not be given
        // back to it), and whose file parts the filter hashes from there
        boolean keyed = readsBody && request.getHeader(IDEMPOTENCY_KEY) != null
                && WriteMethods.isWrite(request.getMethod());
        boolean multipart = type != null && "multipart".equalsIgnoreCase(type.getType());
        boolean judgesBody = !errorPage
                && (declared > limit || isJson || isForm || hasBody && declared < 0 || keyed && !multipart);
        if (!judgesBody) {
            if (readsBody && "100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
                // Tomcat sends the 100 only when the body is read (server.TomcatConfiguration): unread, the body
                // may never come, and Tomcat could take the client's next request for it
                response.setHeader(HttpHeaders.CONNECTION, "close");
            }
            answer(request, response, chain, errorPage);
        } else if (declared > limit) {
            write(request, response, Failure.BODY_TOO_LARGE.problem(Failure.BODY_TOO_LARGE.detail(limit)));
        } else {
            long[] reserved = {0};
            try {
                byte[] body = readWithinBudget(request, response, declared, reserved);
                if (body != null) {
                    answerWithBody(request, response, chain, isJson, isForm, body);
                }
            } finally {
                budget.release(reserved[0]);
            }
        }
    }

    /**
     * Judges a body read whole, then has the request answered with the body served again from memory (a form's as
     * its parameters, as Tomcat serves a form it has read).
     */
    private void answerWithBody(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
            boolean isJson, boolean isForm, byte[] body) throws ServletException, IOException {
        Map<String, List<String>> form = isForm && body.length <= limit
                ? FormBody.parse(body, request.getQueryString(), maxParameters) : null;
        if (body.length > limit) {
            write(request, response, Failure.BODY_TOO_LARGE.problem(Failure.BODY_TOO_LARGE.detail(limit)));
        } else if (isJson && !isUtf8(body)) {
            write(request, response, Failure.INVALID_JSON.problem(NOT_UTF8));
        } else if (isJson && holdsNul(body)) { // JSON text never does; UTF-16 and UTF-32, which Jackson would sniff, do
            write(request, response, Failure.INVALID_JSON.problem("the request body is not UTF-8 JSON: it holds "
                    + "a NUL byte, as UTF-16 or UTF-32 text does"));
        } else if (isForm && form == null) {
            write(request, response, Failure.INVALID_REQUEST.problem(UNDECODABLE_PARAMETERS));
        } else {
            if (isJson) {
                request.setAttribute(JsonFootprint.ATTRIBUTE, JsonFootprint.of(body));
            }
            answer(isForm ? FormBody.withParameters(request, form) : replaying(request, body), response, chain, false);
        }
    }

    /** The error page, or the request's way down the chain once its path and Accept header are judged. */
    private void answer(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
            boolean errorPage) throws ServletException, IOException {
        if (errorPage || request.getRequestURI().equals(errorPath)) {
            Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
            int status = code instanceof Integer value ? value : code == null ? 404 : 500;
            String failed = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String uri ? uri
                    : null;
            if (errorPage && failed != null && TraceRefusal.isTraceRefused(request, status)) {
                TraceRefusal.Answer asked = TraceRefusal.askedAsOptions(request, response, failed, chain);
                if (asked.status() == HttpServletResponse.SC_NOT_FOUND) {
                    response.reset(); // Tomcat's Allow with it: nothing is allowed where nothing is
                    response.setHeader(HttpHeaders.CACHE_CONTROL, NO_STORE);
                    status = asked.status();
                } else if (asked.allow() != null) {
                    response.setHeader(HttpHeaders.ALLOW, asked.allow());
                }
            }
            ProblemDetail problem = Failure.forStatus(status);
            // the path that failed, as Spring's problems name it (write names the error page when asked directly)
            if (failed != null) {
                problem.setInstance(Failure.instance(failed));
            }
            write(request, response, problem);
            return;
        }
        if (!request.getRequestURI().startsWith(request.getContextPath())) {
            // Tomcat maps //admin/x to the context /admin, merging the slashes, and leaves the URI as sent: Spring
            // then refuses the pair with an exception (a 500). Nothing is at such a path, as at //api/x without one.
            write(request, response, Failure.forStatus(HttpServletResponse.SC_NOT_FOUND));
            return;
        }
        if (request.getRequestURI().indexOf(';') >= 0) {
            write(request, response, Failure.INVALID_KEY.problem(SEMICOLON));
            return;
        }
        String query = request.getQueryString();
        if (query != null && !decodes(query)) { // refused whether or not the endpoint reads a parameter
            write(request, response, Failure.INVALID_REQUEST.problem(UNDECODABLE_QUERY));
            return;
        }
        HttpServletRequest acceptable;
        try {
            acceptable = AcceptHeader.asMeant(request);
        } catch (InvalidMediaTypeException unreadable) {
            write(request, response, Failure.NOT_ACCEPTABLE.problem(AcceptHeader.UNREADABLE));
            return;
        }
        if (acceptable == null) {
            write(request, response, Failure.NOT_ACCEPTABLE.problem(AcceptHeader.NOTHING_ACCEPTABLE));
            return;
        }
        boolean options = HttpMethod.OPTIONS.matches(request.getMethod());
        chain.doFilter(options ? withoutPreflight(acceptable) : acceptable,
                options ? withoutEmptyAcceptPatch(response) : response);
        if (!request.isAsyncStarted() && response.getStatus() >= 400 && response.getContentType() == null) {
            write(request, response, Failure.forStatus(response.getStatus()));
        }
    }

    /**
     * An OPTIONS request without {@code Access-Control-Request-Method}: with no CORS configuration, Spring answered a
     * preflight with an {@code Allow} of every method, where the plain OPTIONS gets the path's own.
     */
    static HttpServletRequest withoutPreflight(HttpServletRequest request) {
        String preflight = HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD;
        return request.getHeader(preflight) == null ? request : withHeader(request, preflight, null);
    }

    /** {@code request} with {@code header} read as {@code value} alone, or as absent if that is null. */
    public static HttpServletRequest withHeader(HttpServletRequest request, String header, String value) {
        return new HttpServletRequestWrapper(request) {
            @Override
            public String getHeader(String name) {
                return header.equalsIgnoreCase(name) ? value : super.getHeader(name);
            }

            @Override
            public Enumeration<String> getHeaders(String name) {
                return !header.equalsIgnoreCase(name) ? super.getHeaders(name)
                        : Collections.enumeration(value == null ? List.of() : List.of(value));
            }

            @Override
            public Enumeration<String> getHeaderNames() {
                List<String> names = new ArrayList<>(Collections.list(super.getHeaderNames()));
                names.removeIf(header::equalsIgnoreCase);
                if (value != null) {
                    names.add(header);
                }
                return Collections.enumeration(names);
            }
        };
    }

    /**
     * Spring 7.0.8's OPTIONS answer without its empty {@code Accept-Patch} (RFC 5789: its presence says PATCH is
     * allowed), and with {@code Allow} as the service's 405s write it ({@link ProblemAdvice#allow}).
     */
    private static HttpServletResponse withoutEmptyAcceptPatch(HttpServletResponse response) {
        return new HttpServletResponseWrapper(response) {
            @Override
            public void setHeader(String name, String value) {
                asServiceWritesIt(name, value, super::setHeader);
            }

            @Override
            public void addHeader(String name, String value) {
                asServiceWritesIt(name, value, super::addHeader);
            }
        };
    }

    /** Passes header {@code name} on to {@code writer}: none for an empty Accept-Patch, an Allow in the 405s' order. */
    private static void asServiceWritesIt(String name, String value, BiConsumer<String, String> writer) {
        boolean empty = value == null || value.isBlank();
        if (!empty && HttpHeaders.ALLOW.equalsIgnoreCase(name)) {
            writer.accept(name, ProblemAdvice.allow(value));
        } else if (!empty || !HttpHeaders.ACCEPT_PATCH.equalsIgnoreCase(name)) {
            writer.accept(name, value);
        }
    }

    /**
     * The body, up to one byte past the limit, each read's bytes reserved as they arrive ({@code reserved[0]}), so
     * a body holds the budget by what it has sent. Null once the request is answered: 503 {@code overloaded} when a
     * read does not fit, 408 {@code request_timeout} past the body timeout or when Tomcat gave up waiting.
     */
    private byte[] readWithinBudget(HttpServletRequest request, HttpServletResponse response, long declared,
            long[] reserved) throws IOException {
        long wanted = declared < 0 ? limit + 1L : declared; // a declared body is not asked for a byte past its end
        long began = nanoTime.getAsLong();
        InputStream in = request.getInputStream();
        // chunks of the size read, joined once: a growing array would hold up to twice the bytes the budget counts
        List<byte[]> chunks = new ArrayList<>();
        byte[] chunk = new byte[0];
        int filled = 0;
        int total = 0;
        while (total < wanted) {
            if (filled == chunk.length) {
                chunk = new byte[(int) Math.min(READ_CHUNK, wanted - total)];
                chunks.add(chunk);
                filled = 0;
            }
            int read;
            try {
                read = in.read(chunk, filled, chunk.length - filled);
            } catch (IOException failed) {
                if (failed.getCause() instanceof SocketTimeoutException) {
                    request.setAttribute(BODY_TIMED_OUT, Boolean.TRUE);
                    return null; // Tomcat has answered 408, through the error page
                }
                throw failed;
            }
            if (read < 0) {
                break;
            }
            if (!budget.tryReserve(read, reserved[0])) {
                return refused(request, response, Failure.OVERLOADED, BODIES_HELD);
            }
            reserved[0] += read;
            filled += read;
            total += read;
            if ((nanoTime.getAsLong() - began) / 1_000_000 > bodyTimeoutMillis) { // even the read that ends it
                return refused(request, response, Failure.REQUEST_TIMEOUT,
                        Failure.REQUEST_TIMEOUT.detail(bodyTimeoutMillis));
            }
        }
        return chunks.size() == 1 && total == chunk.length ? chunk : joined(chunks, total);
    }

    private static byte[] joined(List<byte[]> chunks, int total) {
        byte[] body = new byte[total];
        int at = 0;
        for (byte[] chunk : chunks) {
            int length = Math.min(chunk.length, total - at);
            System.arraycopy(chunk, 0, body, at, length);
            at += length;
        }
        return body;
    }

    /**
     * Answers a request whose body is not read to its end: the connection cannot serve another request. Past the
     * body timeout it closes once the answer is out, without Tomcat reading the rest first ({@link #BODY_TIMED_OUT}),
     * so a client still dripping holds neither the connection nor a thread.
     */
    private byte[] refused(HttpServletRequest request, HttpServletResponse response, Failure failure, String detail)
            throws IOException {
        if (failure == Failure.REQUEST_TIMEOUT) {
            request.setAttribute(BODY_TIMED_OUT, Boolean.TRUE);
        }
        response.setHeader(HttpHeaders.CONNECTION, "close");
        failure.write(request, response, json, detail);
        return null;
    }

    private void write(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem)
            throws IOException {
        Failure.write(request, response, json, problem);
    }

    /** Whether a singleton field comes twice: Tomcat reads the first, a proxy before it may have judged the last. */
    private static boolean repeated(Enumeration<String> values) {
        if (values == null || !values.hasMoreElements()) {
            return false;
        }
        values.nextElement();
        return values.hasMoreElements();
    }

    /** The body's declared type; null if there is none or it cannot be parsed (Spring answers that later). */
    private static MediaType mediaType(String contentType) {
        try {
            return contentType == null ? null : MediaType.parseMediaType(contentType);
        } catch (InvalidMediaTypeException unreadable) {
            return null;
        }
    }

    /** Why a body of this type (null: none, or unreadable) and encoding cannot be read at all; null if it may be. */
    private static String unsupported(MediaType type, String contentEncoding) {
        boolean compressed = contentEncoding != null && !namesNoCoding(contentEncoding);
        if (type != null && (type.isWildcardType() || type.isWildcardSubtype())) {
            return "Content-Type must be one media type, not a range such as '" + type.getType() + "/*'";
        } else if (compressed || type == null) {
            return compressed ? COMPRESSED : null;
        }
        String charset = type.getParameter("charset");
        return isJson(type) && charset != null && !charset.replace("\"", "").equalsIgnoreCase("utf-8")
                ? "JSON is read as UTF-8 (RFC 8259): declare charset=utf-8 or none" : null;
    }

    /**
     * Whether a Content-Encoding names no coding: a list (RFC 9110, 8.4) whose members are all empty, which a
     * recipient ignores (5.6.1), or {@code identity}.
     */
    private static boolean namesNoCoding(String contentEncoding) {
        for (String coding : contentEncoding.split(",")) {
            if (!coding.isBlank() && !coding.strip().equalsIgnoreCase("identity")) {
                return false;
            }
        }
        return true;
    }

    /** JSON, a {@code +json} type, or a range that admits JSON ({@code application/*}, {@code *}{@code /*}). */
    public static boolean isJson(MediaType type) {
        return MediaType.APPLICATION_JSON.isCompatibleWith(type) || "json".equals(type.getSubtypeSuffix());
    }

    /**
     * Whether every escape of {@code query} is {@code %} and two hex digits, and what they spell is UTF-8: what
     * Tomcat needs to read its parameters, and fails on only once an endpoint asks for one. Decoded one char a byte
     * (Tomcat's query string, and a form read here, are ISO-8859-1), then judged as UTF-8.
     */
    static boolean decodes(String query) {
        int plain = 0;
        while (plain < query.length() && query.charAt(plain) != '%' && query.charAt(plain) < 0x80) {
            plain++;
        }
        if (plain == query.length()) {
            return true; // no escape and ASCII: nothing to decode, no array made
        }
        try {
            return isUtf8(StringUtils.uriDecode(query, StandardCharsets.ISO_8859_1)
                    .getBytes(StandardCharsets.ISO_8859_1));
        } catch (IllegalArgumentException badEscape) {
            return false;
        }
    }

    /** Strict: decoding replaces what is not UTF-8 (an overlong form, a lone surrogate), which then differs. */
    private static boolean isUtf8(byte[] body) {
        return Arrays.equals(new String(body, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8), body);
    }

    private static boolean holdsNul(byte[] body) {
        for (byte b : body) {
            if (b == 0) {
                return true;
            }
        }
        return false;
    }

    /** A body read here (or by the idempotency filter), served again from memory as the converters read it. */
    public static HttpServletRequest replaying(HttpServletRequest request, byte[] body) {
        return new HttpServletRequestWrapper(request) {
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
        };
    }
}
