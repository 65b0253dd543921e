package dev.genserver.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.util.StringUtils;

/**
 * The parameters of a URL-encoded body the request guard has read, which Tomcat no longer can: it reads a POST's form
 * body into its parameters only while nothing has read the stream. Read by the guard, within the budget every body
 * it reads is held to, rather than by Tomcat, which takes a buffer of the declared length before the first byte.
 */
final class FormBody {

    private FormBody() {
    }

    /**
     * The body's parameters, by name, in order; null where Tomcat would refuse them: one cannot be decoded (a bad
     * escape, bytes that are not UTF-8), one has no name ({@code =x}), or with the query's they number more than
     * {@code maxParameters} (none is the most if it is negative). Counted as they are read, so a body of too many
     * is given up at the first past the most, as Tomcat gives it up.
     */
    static Map<String, List<String>> parse(byte[] body, String query, int maxParameters) {
        String form = new String(body, StandardCharsets.ISO_8859_1); // one char a byte: decodes() judges the bytes
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        int count = query == null ? 0 : pairs(query);
        for (int start = 0, end; start <= form.length(); start = end + 1) {
            end = form.indexOf('&', start);
            end = end < 0 ? form.length() : end;
            if (end == start) {
                continue; // '&&', as Tomcat skips it
            }
            String pair = form.substring(start, end);
            int equals = pair.indexOf('=');
            if (equals == 0 || maxParameters >= 0 && ++count > maxParameters || !RequestGuard.decodes(pair)) {
                return null;
            }
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            parameters.computeIfAbsent(decoded(name), ignored -> new ArrayList<>()).add(decoded(value));
        }
        return parameters;
    }

    /** The pairs of a query string, as Tomcat counts them: the pieces between '&'s that are not empty. */
    private static int pairs(String query) {
        return (int) Arrays.stream(query.split("&")).filter(piece -> !piece.isEmpty()).count();
    }

    /**
     * {@code request}, its parameters those of its query (Tomcat's) followed by {@code form}'s. Its body stays read,
     * as once Tomcat has parsed a form: what reads the request sees the parameters, not the bytes again.
     */
    static HttpServletRequest withParameters(HttpServletRequest request, Map<String, List<String>> form) {
        return new HttpServletRequestWrapper(request) {
            private Map<String, String[]> merged;

            @Override
            public Map<String, String[]> getParameterMap() {
                if (merged == null) {
                    Map<String, String[]> all = new LinkedHashMap<>(super.getParameterMap());
                    form.forEach((name, values) -> all.merge(name, values.toArray(String[]::new),
                            StringUtils::concatenateStringArrays));
                    merged = Collections.unmodifiableMap(all);
                }
                return merged;
            }

            @Override
            public String getParameter(String name) {
                String[] values = getParameterMap().get(name);
                return values == null ? null : values[0];
            }

            @Override
            public String[] getParameterValues(String name) {
                String[] values = getParameterMap().get(name);
                return values == null ? null : values.clone();
            }

            @Override
            public Enumeration<String> getParameterNames() {
                return Collections.enumeration(getParameterMap().keySet());
            }
        };
    }

    private static String decoded(String text) {
        // the bytes are UTF-8 (decodes), carried one char a byte: '+' and escapes decoded, then the bytes read again
        byte[] bytes = URLDecoder.decode(text, StandardCharsets.ISO_8859_1).getBytes(StandardCharsets.ISO_8859_1);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
