package dev.genserver.observability;

import dev.genserver.web.Failure;
import dev.genserver.web.RequestGuard;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code If-Match}, {@code If-None-Match: *} and {@code If-Range} on the observer's files, which have entity tags
 * ({@link ContentTags}): RFC 9110, 13.1.1, 13.1.2 and 13.1.5, for a GET or HEAD as for any method. Spring's resource
 * handler judges none of them on a safe method (it answers 200 to an {@code If-Match} naming another file's tag and
 * to {@code If-None-Match: *}, and 206 to a Range whatever its {@code If-Range}); it still judges
 * {@code If-None-Match} naming tags, as before. A path naming no file is left to it (404).
 */
final class ObserverFileConditions extends OncePerRequestFilter {

    static final String NO_TAG_MATCHES = "If-Match names no entity tag of this file (compared strongly)";

    /** Each URL prefix served and the class path folder under it, as {@link ObserverConfiguration} maps them. */
    private final Map<String, String> folders;
    private final ContentTags tags;
    private final JsonMapper json;

    ObserverFileConditions(Map<String, String> folders, ContentTags tags, JsonMapper json) {
        this.folders = folders;
        this.tags = tags;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        List<String> ifMatch = members(request, HttpHeaders.IF_MATCH);
        boolean noneMatchAny = members(request, HttpHeaders.IF_NONE_MATCH).contains("*");
        String ifRange = request.getHeader(HttpHeaders.RANGE) == null ? null : request.getHeader(HttpHeaders.IF_RANGE);
        // another method is 405 without its conditions, and so judged none (13.2.1), as is a path naming no file
        String tag = ifMatch.isEmpty() && !noneMatchAny && ifRange == null || !isRead(request) ? null
                : tagOf(request);
        if (tag == null) {
            chain.doFilter(request, response);
        } else if (!ifMatch.isEmpty() && !ifMatch.contains("*") && !ifMatch.contains(tag)) {
            Failure.PRECONDITION_FAILED.write(request, response, json, NO_TAG_MATCHES);
        } else if (noneMatchAny) { // the file exists: "*" matches it (13.1.2)
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            response.setHeader(HttpHeaders.ETAG, tag);
            response.setHeader(HttpHeaders.CACHE_CONTROL, CacheControl.noCache().getHeaderValue());
        } else if (ifRange != null && !ifRange.strip().equals(tag)) {
            // 13.1.5: the Range is for another version of the file (a weak tag or a date names none), so the whole
            // file is sent, which the handler does for a request without one
            chain.doFilter(RequestGuard.withHeader(request, HttpHeaders.RANGE, null), response);
        } else {
            chain.doFilter(request, response);
        }
    }

    /**
     * The file's tag as the handler sends it ({@code "…"}), or null if the path names no file of ours. The path is
     * the decoded and normalized one the request was mapped by, so it holds no {@code ..}.
     */
    private String tagOf(HttpServletRequest request) {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        for (Map.Entry<String, String> folder : folders.entrySet()) {
            String name = path.startsWith(folder.getKey()) ? path.substring(folder.getKey().length()) : "";
            if (!name.isEmpty() && !name.endsWith("/") && !name.contains("..")) {
                ClassPathResource file = new ClassPathResource(folder.getValue() + name);
                return file.isReadable() ? '"' + tags.apply(file) + '"' : null;
            }
        }
        return null;
    }

    private static boolean isRead(HttpServletRequest request) {
        return request.getMethod().equals("GET") || request.getMethod().equals("HEAD");
    }

    /** The members of a list of entity tags, each line of the field counted: {@code *} or a tag as written. */
    private static List<String> members(HttpServletRequest request, String name) {
        List<String> members = new ArrayList<>();
        for (String line : Collections.list(request.getHeaders(name))) {
            StringBuilder member = new StringBuilder();
            boolean quoted = false;
            for (char c : line.toCharArray()) {
                if (c == '"') {
                    quoted = !quoted;
                }
                if (c == ',' && !quoted) {
                    members.add(member.toString().strip());
                    member.setLength(0);
                } else {
                    member.append(c);
                }
            }
            members.add(member.toString().strip());
        }
        return members;
    }
}
