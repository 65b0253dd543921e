package dev.genserver.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * The Accept header as the client means it (README, "What a request must look like"): a charset taken off every
 * range, and any parameter but the quality off a range that admits JSON, for Spring ran a handler for
 * {@code application/json;charset=iso-8859-1} and only then failed to write it (a 500 after the write applied);
 * a range of quality 0 taken off, which Spring only sorts last. Other types keep theirs (Prometheus'
 * {@code version=}). An unreadable header is refused whatever the operation, where Spring would serve a delete.
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
        return meant.isEmpty() ? null
                : RequestGuard.withHeader(request, HttpHeaders.ACCEPT, MediaType.toString(meant));
    }
}
