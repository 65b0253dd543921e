package dev.genserver.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * The Accept header as the client means it, where Spring MVC would read it otherwise:
 * <ul>
 *   <li>a charset is taken off every range, and any other parameter but the quality off a range that admits JSON
 *       (a wildcard or a JSON type); RFC 9110 lets a server disregard what it cannot honour. A charset
 *       ({@code application/json;charset=iso-8859-1}): Spring takes such a range for a match of the handler, runs
 *       it, and only then finds that Jackson cannot write that charset, a 500 after the write was applied, which a
 *       retry with the same Idempotency-Key would apply again; RFC 8259 defines no charset for JSON, and the answer
 *       is UTF-8. Another parameter on JSON ({@code application/json;v=2}): Spring named the answer's type with it,
 *       {@code Content-Type: application/json;v=2}, telling the client it got what the service does not know of.
 *       Other types keep theirs: Prometheus' {@code version=} chooses between its exposition formats.</li>
 *   <li>a range of quality 0 ({@code application/json;q=0}) is one the client refuses (RFC 9110, 12.4.2), where
 *       Spring only sorts it last: it is taken off, and a header with no range left admits nothing. A wider range
 *       beside it still admits what it covers ({@code *}{@code /*, application/json;q=0} is served JSON): the
 *       exclusion cannot be written as an Accept header for Spring, and RFC 9110 lets a server disregard Accept.</li>
 * </ul>
 * A header that cannot be read is refused whatever the operation: Spring would refuse it with 406 only where the
 * answer has a body to negotiate, and serve (and apply) a delete or a cast.
 */
final class AcceptHeader {

    static final String NOTHING_ACCEPTABLE = "every media range in Accept has quality 0: nothing is acceptable";
    static final String UNREADABLE = "the Accept header cannot be read as media ranges";
    /** The most media ranges Spring sorts ({@code MimeTypeUtils.sortBySpecificity}); it refuses more as unreadable. */
    static final int MAX_RANGES = 50;

    private AcceptHeader() {
    }

    /**
     * {@code request}, or the same with its Accept header as meant; null if that admits nothing.
     *
     * @throws InvalidMediaTypeException if the header cannot be read
     */
    static HttpServletRequest asMeant(HttpServletRequest request) {
        boolean common = true;
        int lines = 0;
        for (Enumeration<String> accepts = request.getHeaders(HttpHeaders.ACCEPT); accepts.hasMoreElements(); ) {
            String accept = accepts.nextElement();
            if (accept.indexOf(';') >= 0) { // a parameter: a quality or another, in any spelling
                return rewritten(request);
            }
            // each such line one range: past so many, they are read and counted, as Spring counts them
            common &= ++lines <= MAX_RANGES
                    && (accept.equals(MediaType.ALL_VALUE) || accept.equals(MediaType.APPLICATION_JSON_VALUE));
        }
        if (!common) { // only read: the two headers nearly every client sends are known to read
            ranges(request);
        }
        return request;
    }

    /** The header's media ranges, as Spring reads them. */
    private static List<MediaType> ranges(HttpServletRequest request) {
        List<String> accepts = Collections.list(request.getHeaders(HttpHeaders.ACCEPT));
        List<MediaType> ranges = MediaType.parseMediaTypes(accepts);
        if (ranges.size() > MAX_RANGES) {
            throw new InvalidMediaTypeException(String.join(", ", accepts), "more than " + MAX_RANGES
                    + " media ranges");
        }
        return ranges;
    }

    private static HttpServletRequest rewritten(HttpServletRequest request) {
        List<MediaType> meant = ranges(request).stream()
                .filter(range -> range.getQualityValue() > 0)
                .map(range -> {
                    Map<String, String> parameters = new LinkedHashMap<>(range.getParameters());
                    boolean json = RequestGuard.isJson(range);
                    parameters.keySet().removeIf(name -> name.equalsIgnoreCase("charset")
                            || json && !name.equalsIgnoreCase("q"));
                    return new MediaType(range.getType(), range.getSubtype(), parameters);
                }).toList();
        if (meant.isEmpty()) {
            return null;
        }
        String accept = MediaType.toString(meant);
        return new HttpServletRequestWrapper(request) {
            @Override
            public String getHeader(String name) {
                return HttpHeaders.ACCEPT.equalsIgnoreCase(name) ? accept : super.getHeader(name);
            }

            @Override
            public Enumeration<String> getHeaders(String name) {
                return HttpHeaders.ACCEPT.equalsIgnoreCase(name) ? Collections.enumeration(List.of(accept))
                        : super.getHeaders(name);
            }
        };
    }
}
