package dev.genserver.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A minimal HTTP/1.1 client over a plain socket, for requests a real client library refuses to send (raw CR/LF,
 * NUL, unencoded {@code ..}, broken headers). Each exchange is one connection with {@code Connection: close}, read
 * to its end, so a response that is cut short is seen as such.
 */
public final class RawHttp {

    /**
     * A response, or the failure to get a whole one ({@code dropped}). {@code http09}: the request line ended at a
     * bare LF before its version, which makes it an HTTP/0.9 request, whose answer is the body alone.
     */
    public record Response(int status, Map<String, String> headers, String body, String dropped, boolean http09) {

        Response(int status, Map<String, String> headers, String body, String dropped) {
            this(status, headers, body, dropped, false);
        }

        String contentType() {
            return headers.getOrDefault("content-type", "");
        }
    }

    private final int port;

    public RawHttp(int port) {
        this.port = port;
    }

    /** Sends {@code head} (request line and headers, without the blank line) and {@code body} as they are. */
    public Response exchange(String head, byte[] body) {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((head + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            byte[] raw = readAll(socket.getInputStream());
            String requestLine = head.split("\r\n", 2)[0];
            if (requestLine.indexOf('\n') >= 0 && !startsWithStatusLine(raw)) {
                return new Response(0, Map.of(), new String(raw, StandardCharsets.UTF_8), null, true);
            }
            return parse(raw, head.startsWith("HEAD "));
        } catch (IOException e) {
            return new Response(0, Map.of(), "", e.toString());
        }
    }

    /** A status line and headers, read up to the blank line that ends them (or the connection's end). */
    public static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static boolean startsWithStatusLine(byte[] raw) {
        return new String(raw, StandardCharsets.ISO_8859_1).startsWith("HTTP/");
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        in.transferTo(all);
        return all.toByteArray();
    }

    static Response parse(byte[] raw, boolean headRequest) {
        String text = new String(raw, StandardCharsets.ISO_8859_1); // one char per byte: indexes are offsets
        while (text.startsWith("HTTP/1.1 100 ") && text.contains("\r\n\r\n")) {
            text = text.substring(text.indexOf("\r\n\r\n") + 4); // an interim 100 Continue
        }
        int end = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.1 ") || end < 0) {
            return new Response(0, Map.of(), text, "no complete status line and headers");
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].substring(9, 12));
        Map<String, String> headers = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.putIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(),
                    lines[i].substring(colon + 1).trim());
        }
        String body = text.substring(end + 4);
        if (headRequest) {
            return new Response(status, headers, "", null); // a HEAD answer announces a body it does not send
        }
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            String dechunked = dechunk(body);
            return dechunked == null ? new Response(status, headers, utf8(body), "a cut or malformed chunked body")
                    : new Response(status, headers, utf8(dechunked), null);
        }
        if (headers.containsKey("content-length") && body.length() != Long.parseLong(headers.get("content-length"))) {
            return new Response(status, headers, utf8(body), "a body of other length than its Content-Length");
        }
        return new Response(status, headers, utf8(body), null);
    }

    /** The chunks joined, or null if the body is not a whole chunked body. */
    private static String dechunk(String chunked) {
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (true) {
            int lineEnd = chunked.indexOf("\r\n", at);
            if (lineEnd < 0) {
                return null;
            }
            int size;
            try {
                size = Integer.parseInt(chunked.substring(at, lineEnd).split(";")[0].trim(), 16);
            } catch (NumberFormatException e) {
                return null;
            }
            if (size == 0) {
                return chunked.startsWith("\r\n", lineEnd + 2) ? body.toString() : null;
            }
            if (lineEnd + 2 + size + 2 > chunked.length()) {
                return null;
            }
            body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
    }

    private static String utf8(String latin1) {
        return new String(latin1.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }
}
