package dev.genserver.server;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.apache.coyote.Adapter;
import org.apache.coyote.Processor;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.apache.coyote.http11.Http11NioProtocol;
import org.apache.coyote.http11.Http11Processor;
import org.apache.tomcat.util.net.AbstractEndpoint.Handler.SocketState;
import org.apache.tomcat.util.net.SocketWrapperBase;

/**
 * Tomcat's NIO HTTP/1.1 protocol, whose processors do not carry the HTTP/0.9 flag from one connection to the next.
 * Thread-safe as Tomcat's protocol is; each processor serves one connection at a time.
 *
 * <p>The Tomcat bug (seen with 11.0.22 and 11.0.27; the code is unchanged on the 11.0.x and main branches): {@code Http11Processor}
 * sets its private {@code http09} flag in {@code prepareRequestProtocol()}, once a request line has been parsed,
 * and {@code recycle()} does not reset it. A request line that a bare LF cuts short before its version is HTTP/0.9
 * ({@code Http11InputBuffer.parseRequestLine} sets an empty protocol), which sets the flag and closes the
 * connection; the processor goes back to the processor cache with the flag set. When a later connection gets that
 * processor and sends a request line {@code parseRequestLine} rejects, the {@code IllegalArgumentException} comes
 * before {@code prepareRequestProtocol()}, so the 400 is written by {@code prepareResponse()} with the stale flag:
 * as an HTTP/0.9 answer, the body without status line and headers. Minimal reproduction, against a bare embedded
 * Tomcat with the default processor cache, two connections one after the other (LF and CRLF are the bytes):
 * <pre>
 * 1. "GET /" LF "X HTTP/1.1" CRLF "Host: localhost" CRLF CRLF   answered as HTTP/0.9 (the body alone), as expected
 * 2. "GET /a|b HTTP/1.1" CRLF "Host: localhost" CRLF CRLF       answered "&lt;!doctype html&gt;..." without status
 *                                                                line and headers; expected "HTTP/1.1 400 ..."
 * </pre>
 *
 * <p>Tomcat has no setting that refuses HTTP/0.9 request lines or a bare LF in a request line, and every processor
 * goes back to the cache whatever its last request was, so the flag has to be reset. Turning the cache off
 * ({@code server.tomcat.processor-cache: 0}) avoids the bug too, at about a fifth of the throughput.
 *
 * <p>Resetting the flag when {@link Http11Processor#service} is entered is what Tomcat would do if it reset the
 * flag in {@code recycle()}: an HTTP/0.9 request always ends its connection, and {@code service} is not entered
 * again for a request that is still being answered (asynchronous requests continue in {@code dispatch}), so on entry
 * the flag is either stale from an earlier connection or already false. The flag is private and
 * {@code recycle()} is final, hence the {@link VarHandle}; if a later Tomcat has no such field, {@link #canReset()}
 * is false and {@link TomcatConfiguration} turns the processor cache off instead.
 */
public class Http09ResettingProtocol extends Http11NioProtocol {

    private static final VarHandle HTTP09 = http09Flag();

    /** Tomcat creates the protocol from its class name, with this constructor. */
    public Http09ResettingProtocol() {
    }

    /** Whether this Tomcat's {@code Http11Processor} has the {@code http09} flag this class resets. */
    static boolean canReset() {
        return HTTP09 != null;
    }

    @Override
    protected Processor createProcessor() {
        return new ResettingProcessor(this, getAdapter());
    }

    private static VarHandle http09Flag() {
        try {
            return MethodHandles.privateLookupIn(Http11Processor.class, MethodHandles.lookup())
                    .findVarHandle(Http11Processor.class, "http09", boolean.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static final class ResettingProcessor extends Http11Processor {

        ResettingProcessor(AbstractHttp11Protocol<?> protocol, Adapter adapter) {
            super(protocol, adapter);
        }

        @Override
        public SocketState service(SocketWrapperBase<?> socketWrapper) throws IOException {
            HTTP09.set((Http11Processor) this, false);
            return super.service(socketWrapper);
        }
    }
}
