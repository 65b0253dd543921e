package dev.genserver.server;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.apache.coyote.Adapter;
import org.apache.coyote.Processor;
import org.apache.coyote.Response;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.apache.coyote.http11.Http11NioProtocol;
import org.apache.coyote.http11.Http11Processor;
import org.apache.tomcat.util.net.AbstractEndpoint.Handler.SocketState;
import org.apache.tomcat.util.net.SocketWrapperBase;

/**
 * Tomcat's NIO HTTP/1.1 protocol, whose processors start each request without state an earlier connection left in
 * them: the HTTP/0.9 flag, and a write failure recorded after the processor was recycled. Both are Tomcat bugs that
 * only show with the processor cache on, which costs about a fifth of the throughput to turn off
 * ({@code server.tomcat.processor-cache: 0}). Thread-safe as Tomcat's protocol is; each processor serves one
 * connection at a time.
 *
 * <p><b>The HTTP/0.9 flag</b> (seen with 11.0.22 and 11.0.27, and 11.0.29's {@code recycle()} still leaves it: the
 * code is unchanged on the 11.0.x and main branches): {@code Http11Processor} sets its private {@code http09} flag
 * in {@code prepareRequestProtocol()}, once a request line has been parsed, and {@code recycle()} does not reset it.
 * A request line that a bare LF cuts short before its version is HTTP/0.9
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
 * Tomcat has no setting that refuses HTTP/0.9 request lines or a bare LF in a request line, so the flag has to be
 * reset.
 *
 * <p><b>The late write failure</b> (seen with 11.0.22; {@code AbstractProcessor.action} reads the same in 11.0.25):
 * when an asynchronous response's flush fails on a thread of the application's (the client has left),
 * {@code action(CLIENT_FLUSH)} first calls {@code handleIOException}, whose error state hands the connection to a
 * container thread, and only then {@code response.setErrorException(e)}. The container thread can end the request
 * and recycle the processor in between, so the failure is recorded on a recycled processor, and
 * {@code Response.recycle()} is the only thing that clears it. The next connection given that processor fails its
 * first flush with that failure ({@code OutputBuffer.doFlush} throws {@code ClientAbortException} for any recorded
 * one) although its client is there: its bytes went out, the application sees its client gone and ends the
 * response. Here an observer page's stream ended so after its first event in 8–14 % of tries (a loop opening a
 * stream on a new connection right after an earlier page's had closed, whose next send then failed; instrumented,
 * the new stream's flush threw the very exception object the earlier stream's write had raised). On entry to
 * {@code service} any recorded failure is stale, as no request has been read yet: the response is recycled, as
 * Tomcat would have done had the failure been recorded before it recycled the processor.
 *
 * <p>{@link Http11Processor#service} is entered when a connection has a new request to read, not again for a request
 * that is still being answered (asynchronous requests continue in {@code dispatch}); an HTTP/0.9 request always
 * ends its connection, so on entry the flag is either stale or already false. The flag is private and
 * {@code recycle()} is final, hence the {@link VarHandle}; if a later Tomcat has no such field, {@link #canReset()}
 * is false and {@link TomcatConfiguration} turns the processor cache off instead.
 */
public class ProcessorResettingProtocol extends Http11NioProtocol {

    private static final VarHandle HTTP09 = http09Flag();

    /** Tomcat creates the protocol from its class name, with this constructor. */
    public ProcessorResettingProtocol() {
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
            forgetEarlierRequests(this);
            return super.service(socketWrapper);
        }
    }

    /** What {@link Http11Processor#recycle()} leaves or a late failure puts back (see the class comment). */
    static void forgetEarlierRequests(Http11Processor processor) {
        HTTP09.set(processor, false);
        Response response = processor.getRequest().getResponse();
        if (response.isExceptionPresent()) {
            response.recycle();
        }
    }
}
