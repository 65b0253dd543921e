package dev.genserver.web;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Requests with odd methods, paths, queries and headers, for any path pattern: what a careless or hostile client
 * sends. {@code raw} marks those a server may refuse before the application sees them (a malformed request line
 * or header), where a plain 400 from Tomcat is an acceptable answer.
 */
final class HostileRequests {

    /** A request as sent on the wire: request line and headers (no blank line), and the body bytes. */
    record Request(String label, String head, byte[] body, boolean raw) { }

    static final String POOL_VALUE = "k1";

    private static final Pattern VARIABLE = Pattern.compile("\\{[^}]+}");
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS",
            "TRACE", "FOO");
    /** Percent-encoded values a path segment may carry: valid HTTP, odd for the application. */
    private static final List<String> ENCODED_SEGMENTS = List.of("%2F", "a%2Fb", "..", ".", "%2e%2e", "%2E", "%00",
            "a%00b", "%0d%0a", "%0D%0AX-Injected:%201", "%ff", "%", "%zz", "a%3Bb", "%3B", "k".repeat(257),
            "%C0%AF", "%E2%80%AE", "%5C", "%20", "+", "*", "~", "%7B%7D", "%3Cscript%3E", "%F0%9F%98%80",
            "%ed%a0%80", "%09", "%7F", "x".repeat(9000));
    /** Values sent unencoded: many are not valid in a request line at all. */
    private static final List<String> RAW_SEGMENTS = List.of("..", "a b", "a\tb", "a\u0000b", "a\rb", "a\nb", "a\\b",
            "a|b", "{x}", "a\"b", "<x>", "zébu", "a\u007fb", "a;b", "a#b");
    private static final List<String> QUERIES = List.of("?limit=abc", "?limit=-1", "?limit=99999999999999999999",
            "?after=%ff", "?permits=1e999999", "?permits=0", "?limit=1&limit=2", "?%zz=1", "?a=%", "?permits=-5",
            "?limit=", "?" + "q=1&".repeat(2000));
    private static final List<String> HEADERS = List.of("Content-Type: ;;;",
            "Content-Type: application/json; charset=bogus",
            "Content-Type: application/json; charset=utf-16", "Accept: application/xml", "Accept: text/html",
            "Accept: ;;", "Accept-Charset: bogus", "X-Big: " + "h".repeat(10_000), "Expect: 100-continue",
            "Content-Encoding: gzip", "Accept-Encoding: *;q=x", "Range: bytes=abc");
    private static final List<String> RAW_HEADERS = List.of("Content-Length: -1", "Content-Length: abc",
            "Content-Length: 1\r\nContent-Length: 2", "Bad Header: 1", "X-Nul: a\u0000b", "X-Bare-CR: a\rb",
            "Transfer-Encoding: chunked\r\n\r\nzz");

    private HostileRequests() {
    }

    /** Every method on {@code path}, bodiless. */
    static List<Request> methods(String path) {
        List<Request> requests = new ArrayList<>();
        for (String method : METHODS) {
            requests.add(request("method " + method, method, path, List.of(), method.equals("FOO")));
        }
        return requests;
    }

    /**
     * {@code count} odd segments, from the {@code turn}-th on (round the list), in place of each variable of
     * {@code pattern}, the other variables holding the pool value. Successive turns cover every segment.
     */
    static List<Request> segments(String method, String pattern, int turn, int count) {
        List<Request> requests = new ArrayList<>();
        int variables = (int) VARIABLE.matcher(pattern).results().count();
        for (int slot = 0; slot < variables; slot++) {
            for (int i = 0; i < count; i++) {
                int pick = (turn * count + i) % (ENCODED_SEGMENTS.size() + RAW_SEGMENTS.size());
                boolean raw = pick >= ENCODED_SEGMENTS.size();
                String value = raw ? RAW_SEGMENTS.get(pick - ENCODED_SEGMENTS.size()) : ENCODED_SEGMENTS.get(pick);
                requests.add(request((raw ? "raw segment " : "segment ") + abbreviate(value), method,
                        fill(pattern, slot, value), List.of(), true));
            }
        }
        return requests;
    }

    /** {@code count} junk queries, headers and request lines on {@code path}, taken in turn as above. */
    static List<Request> queriesAndHeaders(String method, String path, int turn, int count) {
        List<Request> all = new ArrayList<>();
        for (String query : QUERIES) {
            all.add(request("query " + abbreviate(query), method, path + query, List.of(), true));
        }
        for (String header : HEADERS) {
            all.add(request("header " + abbreviate(header), method, path, List.of(header),
                    header.startsWith("X-Big")));
        }
        for (String header : RAW_HEADERS) {
            all.add(request("raw header " + abbreviate(header), method, path, List.of(header), true));
        }
        all.add(new Request("request line HTTP/1.0", method + " " + path + " HTTP/1.0\r\nHost: localhost",
                new byte[0], true));
        all.add(new Request("no Host", method + " " + path + " HTTP/1.1", new byte[0], true));
        all.add(new Request("absolute form", method + " http://elsewhere.example" + path
                + " HTTP/1.1\r\nHost: localhost", new byte[0], true));
        List<Request> requests = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            requests.add(all.get((turn * count + i) % all.size()));
        }
        return requests;
    }

    /** The pattern with every variable holding the pool value. */
    static String pooled(String pattern) {
        return VARIABLE.matcher(pattern).replaceAll(POOL_VALUE);
    }

    static Request request(String label, String method, String target, List<String> headers, boolean raw) {
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: localhost");
        headers.forEach(header -> head.append("\r\n").append(header));
        boolean mayCarryBody = headers.stream().noneMatch(h -> h.startsWith("Content-Length") || h.contains("chunked"));
        if (mayCarryBody && !method.equals("GET") && !method.equals("HEAD")) {
            head.append("\r\nContent-Length: 0");
        }
        return new Request(label + " " + method + " " + abbreviate(target), head.toString(), new byte[0], raw);
    }

    private static String fill(String pattern, int slot, String value) {
        StringBuilder path = new StringBuilder();
        var matcher = VARIABLE.matcher(pattern);
        int index = 0;
        while (matcher.find()) {
            matcher.appendReplacement(path, Matcher.quoteReplacement(index++ == slot ? value : POOL_VALUE));
        }
        matcher.appendTail(path);
        return path.toString();
    }

    private static String abbreviate(String text) {
        String printable = new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1)
                .replaceAll("[\\p{Cntrl}]", "?");
        return printable.length() > 40 ? printable.substring(0, 40) + "…" : printable;
    }
}
