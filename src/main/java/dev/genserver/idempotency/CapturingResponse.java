package dev.genserver.idempotency;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Passes the answer on to the client and keeps a copy of it, to be stored as a {@link StoredAnswer}. A client that
 * is gone does not stop the copy: the request was applied, and its retry must find the whole answer, so a failure
 * to write to the client is noted and the rest of the body is only copied.
 */
final class CapturingResponse extends HttpServletResponseWrapper {

    /**
     * Headers about this message and its connection rather than the answer, which the container adds when it
     * commits the response (a chunked answer's {@code Transfer-Encoding}, {@code Date}) and adds again to a replay;
     * Content-Type is kept apart.
     */
    private static final Set<String> CONTAINERS = Set.of("content-type", "content-length", "transfer-encoding",
            "connection", "keep-alive", "date", "trailer", "upgrade");

    private final ByteArrayOutputStream copy = new ByteArrayOutputStream();
    private TeeStream stream;
    private PrintWriter writer;
    private boolean clientGone;

    CapturingResponse(HttpServletResponse response) {
        super(response);
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        if (stream == null) {
            stream = new TeeStream(super.getOutputStream());
        }
        return stream;
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        if (writer == null) {
            writer = new EncodingAtOnce(getOutputStream(), Charset.forName(getCharacterEncoding()));
        }
        return writer;
    }

    @Override
    public void flushBuffer() {
        toClient(super::flushBuffer);
    }

    /**
     * Spring resets an answer not yet committed before it resolves a handler's exception; what was written until
     * then is dropped from the copy too. A committed answer cannot be reset, and its copy stays as it is.
     */
    @Override
    public void resetBuffer() {
        super.resetBuffer();
        copy.reset();
        writer = null; // with the half of a surrogate pair its encoder may hold
    }

    @Override
    public void reset() {
        super.reset();
        copy.reset();
        writer = null; // and with it the old charset
    }

    /** Whether the answer is one to keep and give again ({@link IdempotencyFilter#isFinal}), told without a copy. */
    boolean isFinal() {
        return IdempotencyFilter.isFinal(getStatus(), copy.size());
    }

    /**
     * The answer as the client got it (or would have): status, Content-Type, the headers set while the request was
     * handled, that is all but {@code outside} (set before it reached this filter) and the container's, the body,
     * and {@code route}.
     */
    StoredAnswer answer(Set<String> outside, String route) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : getHeaderNames()) {
            if (!outside.contains(name) && !CONTAINERS.contains(name.toLowerCase(Locale.ROOT))) {
                headers.put(name, List.copyOf(getHeaders(name)));
            }
        }
        return new StoredAnswer(getStatus(), getContentType(), headers, copy.toByteArray(), route);
    }

    private void toClient(ClientWrite write) {
        if (!clientGone) {
            try {
                write.run();
            } catch (IOException gone) {
                clientGone = true;
            }
        }
    }

    @FunctionalInterface
    private interface ClientWrite {
        void run() throws IOException;
    }

    /**
     * The writer, which encodes each write into the stream at once: bytes an encoder held back would come out after
     * a reset, in front of the answer that replaced them, and a flush to push them on would commit the answer.
     */
    private static final class EncodingAtOnce extends PrintWriter {

        private final ServletOutputStream stream;

        private EncodingAtOnce(ServletOutputStream stream, Charset charset) {
            super(new OutputStreamWriter(new FilterOutputStream(stream) {
                @Override
                public void write(byte[] bytes, int offset, int length) throws IOException {
                    out.write(bytes, offset, length);
                }

                @Override
                public void flush() {
                    // the encoder's flush only hands its bytes on; the client is flushed by the writer's own flush
                }
            }, charset));
            this.stream = stream;
        }

        @Override
        public void write(int c) {
            super.write(c);
            super.flush();
        }

        @Override
        public void write(char[] chars, int offset, int length) {
            super.write(chars, offset, length);
            super.flush();
        }

        @Override
        public void write(String text, int offset, int length) {
            super.write(text, offset, length);
            super.flush();
        }

        @Override
        public void println() {
            super.println(); // writes the line separator past the methods above
            super.flush();
        }

        @Override
        public void flush() {
            super.flush();
            try {
                stream.flush();
            } catch (IOException failed) {
                setError();
            }
        }
    }

    /** Writes to the client's stream and to {@link #copy}; once writing to the client failed, to the copy only. */
    private final class TeeStream extends ServletOutputStream {

        private final ServletOutputStream client;

        private TeeStream(ServletOutputStream client) {
            this.client = client;
        }

        @Override
        public void write(int b) {
            copy.write(b);
            toClient(() -> client.write(b));
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            copy.write(bytes, offset, length);
            toClient(() -> client.write(bytes, offset, length));
        }

        @Override
        public void flush() {
            toClient(client::flush);
        }

        @Override
        public void close() {
            toClient(client::close);
        }

        @Override
        public boolean isReady() {
            return client.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            client.setWriteListener(listener);
        }
    }
}
