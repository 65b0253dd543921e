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
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The answers given outside Spring MVC, on both ports (the management port's context registers it too):
 * <ul>
 *   <li>a browser's write from another site: 403 {@code forbidden} ({@link CrossSiteWrites}).</li>
 *   <li>a body over {@code genserver.web.max-body-size}: 413 {@code body_too_large}, judged by a declared
 *       Content-Length without reading, else read up to one byte past the limit. Neither Boot nor Tomcat limits
 *       a JSON body (their limits cover form posts and multipart).</li>
 *   <li>a body read here (JSON, a POSTed form, one without a length, and any body of a write with an
 *       {@code Idempotency-Key}, which the idempotency filter reads whole) while others hold
 *       {@code genserver.web.max-buffered-bodies} of the heap: 503 {@code overloaded} with {@code Retry-After} as
 *       soon as the bytes it has sent do not fit ({@link BodyBudget}). A keyed multipart body is the container's
 *       to parse, to disk, and the filter hashes its file parts from there.</li>
 *   <li>a body read here still arriving {@code genserver.web.body-timeout} after its reading began: 408
 *       {@code request_timeout}, so bytes sent now and then hold no budget for good. A body that stops arriving is
 *       Tomcat's to give up on ({@code server.tomcat.connection-timeout}); its 408 reaches the error page here.
 *       Both refusals say {@code Connection: close}, and the budget is given back at once. Tomcat then reads and
 *       discards the rest of the body (up to {@code server.tomcat.max-swallow-size}), so that the client, still
 *       sending, sees the answer, and closes the connection once the body ends or a read times out.</li>
 *   <li>a body whose request repeats Content-Type: 400 {@code invalid_request} (the field is a singleton).</li>
 *   <li>a JSON body that is not valid UTF-8, or holds a NUL byte (UTF-16 or UTF-32): 400 {@code invalid_json}.
 *       Jackson decodes overlong forms (C0 AF as {@code /}), the classic way to slip a character past a check;
 *       RFC 8259 requires UTF-8, so a JSON body declared in another charset is 415 {@code unsupported_media_type},
 *       as are a media range ({@code application/*}) for a body's type and a compressed body
 *       ({@code Content-Encoding}); each 415 says what would be taken ({@code Accept}, {@code Accept-Encoding}).</li>
 *   <li>a query string that cannot be decoded (a bad escape, or not UTF-8): 400 {@code invalid_request}, on every
 *       path, where Tomcat fails on it only once an endpoint reads a parameter; so is a URL-encoded body of a POST
 *       that cannot be (or holds more than {@code server.tomcat.max-parameter-count} parameters). Such a body is
 *       read here, within the budget, and its parameters served from it ({@link FormBody}).</li>
 *   <li>a path that does not begin with its context path ({@code //admin/x} under a base path {@code /admin}, which
 *       Tomcat maps to that context): 404, where Spring failed on it with a 500.</li>
 *   <li>a raw {@code ;} anywhere in the path: 400 {@code invalid_key}. Spring takes {@code ;…} for matrix
 *       parameters and would cut {@code /entries/a;b} down to the key {@code a}, after decoding the rest of the
 *       path ({@code /%61pi/…} is {@code /api/…}).</li>
 *   <li>an Accept header as Spring would misread it: a charset is taken off (JSON is UTF-8), and media ranges of
 *       quality 0 with it; none left is 406 {@code not_acceptable}, as is a header that cannot be read
 *       ({@link AcceptHeader}).</li>
 *   <li>an answer to OPTIONS: without the empty {@code Accept-Patch} Spring gives it, and to a CORS preflight the
 *       plain OPTIONS answer ({@link #withoutPreflight}).</li>
 *   <li>an answer to a body sent with {@code Expect: 100-continue} and not read here: {@code Connection: close}.</li>
 *   <li>every answer: {@code Cache-Control: no-store} ({@link #NO_STORE}); the observer's files replace it with
 *       {@code no-cache} where they are mapped.</li>
 *   <li>the error page ({@code /error}; requested directly, a 404), and an error answer that would go out without
 *       a body: actuator's bare 404, a 406 or 415 whose problem cannot be written for an unparsable Accept.</li>
 * </ul>
 * A body read here is served again from memory; bodies are small by the very limit. Being the error page, it is
 * the application's {@link ErrorController}, which keeps Boot's own out.
 *
 * <p>An error answer without a body gets one once the chain returns, and nothing can have sent it before: Spring
 * MVC flushes a response only once its body is used ({@code ServletServerHttpResponse.flush}), and the container
 * commits it after the filters return. So the response goes down the chain as it came: every header Spring sets
 * reaches Tomcat's response directly, with no wrapper holding back flushes that never come. One writer in Spring
 * does flush a bodyless error, {@code DefaultCorsProcessor.rejectRequest} (a 403 in plain text); it runs only for
 * a CORS configuration, and the service has none; one added later needs a processor whose refusals are problem+json.
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
    /**
     * On every answer, set before anything else: an answer is a process's state at that moment (or a refusal of
     * it), which no browser or proxy may keep and serve again; without it, HTTP lets a cache reuse a 200 for a
     * heuristic while. An event stream adds Spring's {@code no-cache} beside it. Tomcat's own refusals, made before
     * any filter runs, set it in their report ({@code server.ProblemErrorReportValve}).
     */
    public static final String NO_STORE = "no-store";
    /** The most of a body one read waits for: Tomcat's own read buffer, so no read is split. */
    static final int READ_CHUNK = 8 * 1024;
    /** The header that makes a write safe to retry ({@code idempotency.IdempotencyFilter}). */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
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
                // Tomcat sends the 100 only when the body is read (server.TomcatConfiguration), and this one may
                // never be: answered, the client need not send it, and Tomcat, waiting to discard it, could take
                // the client's next request for it. Tomcat closes a non-2xx itself; this closes every answer.
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
     * An OPTIONS request without what makes it a CORS preflight ({@code Access-Control-Request-Method}): the service
     * has no CORS configuration, and Spring answered a preflight 200 with an {@code Allow} of every method, where the
     * plain OPTIONS it also is gets the path's own. Neither carries {@code Access-Control-Allow-Origin}, so the
     * browser refuses the cross-origin request it asked about either way. (A CORS configuration added later would
     * have to go: Spring would never see a preflight.)
     */
    static HttpServletRequest withoutPreflight(HttpServletRequest request) {
        if (request.getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD) == null) {
            return request;
        }
        return new HttpServletRequestWrapper(request) {
            @Override
            public String getHeader(String name) {
                return isPreflights(name) ? null : super.getHeader(name);
            }

            @Override
            public Enumeration<String> getHeaders(String name) {
                return isPreflights(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
            }

            @Override
            public Enumeration<String> getHeaderNames() {
                return Collections.enumeration(Collections.list(super.getHeaderNames()).stream()
                        .filter(header -> !isPreflights(header)).toList());
            }

            private static boolean isPreflights(String name) {
                return HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD.equalsIgnoreCase(name);
            }
        };
    }

    /**
     * Spring's answer to OPTIONS (7.0.8, {@code RequestMappingInfoHandlerMapping.HttpOptionsHandler}) sets
     * {@code Accept-Patch} on every path, empty where no PATCH is mapped (none is here): a field RFC 5789 gives at
     * least one media type, and whose presence alone says PATCH is allowed. Its {@code Allow} is written as the
     * service's 405s write theirs ({@link ProblemAdvice#allow}: {@code GET, HEAD, DELETE, OPTIONS}), where Spring
     * wrote {@code DELETE,GET,HEAD,OPTIONS}.
     */
    private static HttpServletResponse withoutEmptyAcceptPatch(HttpServletResponse response) {
        return new HttpServletResponseWrapper(response) {
            @Override
            public void setHeader(String name, String value) {
                if (!isEmptyAcceptPatch(name, value)) {
                    super.setHeader(name, asServiceWritesIt(name, value));
                }
            }

            @Override
            public void addHeader(String name, String value) {
                if (!isEmptyAcceptPatch(name, value)) {
                    super.addHeader(name, asServiceWritesIt(name, value));
                }
            }
        };
    }

    private static String asServiceWritesIt(String name, String value) {
        if (!HttpHeaders.ALLOW.equalsIgnoreCase(name) || value == null || value.isBlank()) {
            return value;
        }
        return ProblemAdvice.allow(value);
    }

    private static boolean isEmptyAcceptPatch(String name, String value) {
        return HttpHeaders.ACCEPT_PATCH.equalsIgnoreCase(name) && (value == null || value.isBlank());
    }

    /**
     * The body, up to one byte past the limit (which tells an oversized body apart), each read's bytes reserved as
     * they arrive, so a body holds the budget by exactly what it has sent: a client that sends nothing holds
     * nothing, however long it waits. What a read waits in is at most {@link #READ_CHUNK} bytes, not yet reserved
     * (Tomcat keeps a buffer that size per connection anyway). {@code reserved[0]} is what the body holds.
     *
     * <p>Null once the request is answered, the rest of the body unread here: 503 {@code overloaded} when
     * a read's bytes do not fit; 408 {@code request_timeout} when bytes arrive past {@code genserver.web.body-timeout}
     * (the body was not whole within it), or when they stopped arriving and Tomcat gave up waiting
     * ({@code server.tomcat.connection-timeout}).
     */
    private byte[] readWithinBudget(HttpServletRequest request, HttpServletResponse response, long declared,
            long[] reserved) throws IOException {
        long wanted = declared < 0 ? limit + 1L : declared; // a declared body is not asked for a byte past its end
        long began = nanoTime.getAsLong();
        InputStream in = request.getInputStream();
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

    /** Answers a request whose body is not read to its end: the connection cannot serve another request. */
    private byte[] refused(HttpServletRequest request, HttpServletResponse response, Failure failure, String detail)
            throws IOException {
        response.setHeader(HttpHeaders.CONNECTION, "close");
        failure.write(request, response, json, detail);
        return null;
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

    private void write(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem)
            throws IOException {
        Failure.write(request, response, json, problem);
    }

    /**
     * Whether a field a request may send once (Content-Type is a singleton, RFC 9110, 5.3) comes more than once:
     * Tomcat reads the first copy, a proxy before it may have judged the last.
     */
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
        boolean compressed = contentEncoding != null && !contentEncoding.equalsIgnoreCase("identity");
        if (type != null && (type.isWildcardType() || type.isWildcardSubtype())) {
            return "Content-Type must be one media type, not a range such as '" + type.getType() + "/*'";
        } else if (compressed || type == null) {
            return compressed ? COMPRESSED : null;
        }
        String charset = type.getParameter("charset");
        return isJson(type) && charset != null && !charset.replace("\"", "").equalsIgnoreCase("utf-8")
                ? "JSON is read as UTF-8 (RFC 8259): declare charset=utf-8 or none" : null;
    }

    /** JSON, a {@code +json} type, or a range that admits JSON ({@code application/*}, {@code *}{@code /*}). */
    static boolean isJson(MediaType type) {
        return MediaType.APPLICATION_JSON.isCompatibleWith(type) || "json".equals(type.getSubtypeSuffix());
    }

    /**
     * Whether every escape of {@code query} is {@code %} and two hex digits, and what they spell is UTF-8: what
     * Tomcat needs to read its parameters, and fails on only once an endpoint asks for one.
     */
    static boolean decodes(String query) {
        int plain = 0;
        while (plain < query.length() && query.charAt(plain) != '%' && query.charAt(plain) < 0x80) {
            plain++;
        }
        if (plain == query.length()) {
            return true; // no escape and ASCII: nothing to decode, no array made
        }
        byte[] bytes = new byte[query.length()];
        int length = 0;
        for (int i = 0; i < query.length(); i++) {
            char c = query.charAt(i);
            if (c == '%') {
                int high = i + 2 < query.length() ? Character.digit(query.charAt(i + 1), 16) : -1;
                int low = high < 0 ? -1 : Character.digit(query.charAt(i + 2), 16);
                if (low < 0) {
                    return false;
                }
                bytes[length++] = (byte) (high << 4 | low);
                i += 2;
            } else {
                bytes[length++] = (byte) c;
            }
        }
        return isUtf8(Arrays.copyOf(bytes, length));
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

    /**
     * A body read here, served again from memory as a stream, which is how the message converters read bodies. The
     * wrapper leaves the reader to the wrapped request, which refuses it: its stream was read. The idempotency
     * filter, which reads the body to fingerprint it, serves it on the same way.
     */
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
