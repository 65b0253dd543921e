package dev.genserver.server;

import dev.genserver.web.Failure;
import dev.genserver.web.RequestGuard;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.io.Writer;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.Context;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tomcat's error report as problem+json. Tomcat refuses some requests before any filter or servlet runs (a
 * {@code %2F} or a broken escape in the path, a request line or header over its limits) and reports them
 * through its host's {@link ErrorReportValve}, whose answer is an HTML page. This valve takes that one's place
 * and writes the body every other error has ({@link Failure#forStatus}), as Tomcat's own
 * {@code JsonErrorReportValve} does in its format. It also sees every answer before Tomcat ends the request, which
 * is where the answer to a body that ran out of time is kept from reading the rest of it first
 * ({@link #closeUnread}).
 */
final class ProblemErrorReportValve extends ErrorReportValve {

    private final JsonMapper json;

    private ProblemErrorReportValve(JsonMapper json) {
        this.json = json;
    }

    /**
     * Puts this valve in place of the host's before the context starts: Boot adds a plain one from a context
     * customizer, and the host would add another at its start if none of its configured class were there.
     */
    static void install(Context context, JsonMapper json) {
        context.addLifecycleListener(event -> {
            if (Lifecycle.BEFORE_START_EVENT.equals(event.getType())) {
                Pipeline host = context.getParent().getPipeline();
                for (Valve valve : host.getValves()) {
                    if (valve instanceof ErrorReportValve && !(valve instanceof ProblemErrorReportValve)) {
                        host.removeValve(valve);
                    }
                }
                if (context.getParent() instanceof StandardHost standard) {
                    standard.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
                }
                if (Arrays.stream(host.getValves()).noneMatch(ProblemErrorReportValve.class::isInstance)) {
                    host.addValve(new ProblemErrorReportValve(json));
                }
            }
        });
    }

    /**
     * Has Tomcat close the connection after this answer without reading the rest of the request body first: the
     * 408 to a body that ran out of time ({@link RequestGuard#BODY_TIMED_OUT}: the guard's {@code request_timeout},
     * and Tomcat's when the body stopped arriving). Unasked, {@code Http11Processor} reads the rest (its "swallow",
     * up to {@code server.tomcat.max-swallow-size}) before it closes, at whatever pace the client sends it: a client
     * that sends a byte a minute held the connection, of {@code server.tomcat.max-connections}, and a thread until its
     * declared length, and one that stopped sending held it a {@code connection-timeout}. The answer has gone out
     * whole already, when its last byte was written. This is the action Tomcat takes itself for a 413 when the
     * context's {@code swallowAbortedUploads} is off ({@code Request.finishRequest}); it marks the request an error
     * ({@code CLOSE_CLEAN}), which is what has {@code Http11Processor.endRequest} skip the swallow.
     */
    private static void closeUnread(Response response) {
        response.getCoyoteResponse().action(ActionCode.DISABLE_SWALLOW_INPUT, null);
    }

    /**
     * Tomcat's error report, then, for the answer to a body that ran out of time, the connection's end without the
     * rest of it ({@link #closeUnread}). Here rather than in {@link #report}, which Tomcat calls only for an answer not
     * yet committed: the guard's answers have their {@code Content-Length}, and writing that many bytes commits and
     * sends them at once (the Servlet specification's 5.7, {@code OutputBuffer.updateBytesWritten}). A successful
     * answer costs the status comparison alone.
     */
    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        super.invoke(request, response);
        if (response.getStatus() >= 400 && request.getAttribute(RequestGuard.BODY_TIMED_OUT) != null) {
            closeUnread(response);
        }
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        // as ErrorReportValve: only an error nothing has been written for yet, and only once
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean writable = new AtomicBoolean();
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, writable);
        if (!writable.get()) {
            return;
        }
        try {
            ProblemDetail problem = Failure.forStatus(status);
            problem.setInstance(Failure.instance(request.getRequestURI())); // as every other problem names it
            String body = json.writeValueAsString(problem);
            // no charset declared (problem+json has none); the body is ASCII but for a path's raw bytes, which
            // Tomcat read as ISO-8859-1, the reporter's default, and so go back out as they came in
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setHeader(HttpHeaders.CACHE_CONTROL, RequestGuard.NO_STORE); // as every answer of ours
            Failure.retryAfter(problem, response);
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException unwritable) {
            // the client is gone or the answer has started: nothing more to say, as in ErrorReportValve
        }
    }
}
