package dev.genserver.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A JSON PUT whose client sends its body a part at a time, holding the rest back until told to send it. */
final class HeldBody implements AutoCloseable {

    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?i)\r\nContent-Length: *(\\d+)");

    private final Socket socket;
    private final byte[] body;
    private int sent;

    /** A JSON string of exactly {@code size} bytes. */
    static byte[] jsonString(int size) {
        return ("\"" + "a".repeat(size - 2) + "\"").getBytes(StandardCharsets.UTF_8);
    }

    /** Sends the head of a PUT of JSON and the first {@code sent} bytes of {@code body}. */
    HeldBody(int port, String path, byte[] body, int sent) throws IOException {
        this(port, "PUT", path, "application/json", body, sent);
    }

    /** Sends the request's head and the first {@code sent} bytes of {@code body}. */
    HeldBody(int port, String method, String path, String type, byte[] body, int sent) throws IOException {
        this(port, method, path, type, null, body, sent);
    }

    /** As above, under {@code Idempotency-Key: idempotencyKey} (a structured-field string), if not null. */
    HeldBody(int port, String method, String path, String type, String idempotencyKey, byte[] body, int sent)
            throws IOException {
        this.socket = new Socket("127.0.0.1", port);
        this.body = body;
        socket.setSoTimeout(10_000);
        String keyed = idempotencyKey == null ? "" : RequestGuard.IDEMPOTENCY_KEY + ": \"" + idempotencyKey + "\"\r\n";
        socket.getOutputStream().write((method + " " + path + " HTTP/1.1\r\nHost: localhost\r\n" + keyed
                + "Content-Type: " + type + "\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        send(sent);
    }

    /** Sends the next {@code bytes} of the body. */
    void send(int bytes) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(body, sent, bytes);
        out.flush();
        sent += bytes;
    }

    /** Sends the rest; returns the answer's status line up to its reason phrase. */
    String finish() throws IOException {
        send(body.length - sent);
        InputStream in = socket.getInputStream();
        StringBuilder status = new StringBuilder();
        for (int b = in.read(); b != -1 && b != '\r' && status.length() < 13; b = in.read()) {
            status.append((char) b);
        }
        return status.toString();
    }

    /** The answer, read as far as its Content-Length, not to the connection's end ({@link #closedAfter}). */
    RawHttp.Response answer() throws IOException {
        InputStream in = socket.getInputStream();
        String head = RawHttp.readHead(in);
        Matcher length = CONTENT_LENGTH.matcher(head);
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        raw.write(head.getBytes(StandardCharsets.ISO_8859_1));
        raw.write(in.readNBytes(length.find() ? Integer.parseInt(length.group(1)) : 0));
        return RawHttp.parse(raw.toByteArray(), false);
    }

    /**
     * Whether the server closes the connection once {@code answer} has been read, with the body not sent whole: the
     * next read is the connection's end. False if it is still open {@code patience} later, as when Tomcat waits for
     * the rest of the body to read and discard it.
     */
    boolean closedAfter(RawHttp.Response answer, Duration patience) throws IOException {
        socket.setSoTimeout(Math.toIntExact(patience.toMillis()));
        try {
            return answer.status() > 0 && socket.getInputStream().read() == -1;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
