package dev.genserver.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.app.OutcomeUnknownException;
import java.io.EOFException;
import java.io.IOException;
import org.apache.catalina.connector.ClientAbortException;
import org.apache.tomcat.util.http.fileupload.FileUploadException;
import org.apache.tomcat.util.http.fileupload.MultipartStream;
import org.junit.jupiter.api.Test;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.async.AsyncRequestTimeoutException;
import org.springframework.web.multipart.MultipartException;

/**
 * Which multipart failures are the client's (Spring wraps the server's own in the same exception), and what the
 * framework's own problems carry.
 */
class ProblemAdviceTest {

    private static final MockHttpServletRequest POST = new MockHttpServletRequest("POST", "/api/counter/increment");

    private final ProblemAdvice advice = new ProblemAdvice();
    /** A response nothing has been written to yet. */
    private final MockHttpServletResponse fresh = new MockHttpServletResponse();

    /**
     * A failure of the service's own whose cause reads like a disconnect (a cluster member's connection reset, an
     * EOF) is answered as the failure it is while nothing of the answer has gone out, where it was answered with
     * nothing, an empty 200 (found by a review); once the answer has begun, or in the container's own word for a
     * client gone, there is no one to answer.
     */
    @Test
    void aDisconnectsCause_isAClientGone_onlyOnceTheAnswerHasBegun_orInTheContainersWord() {
        Exception ours = new IllegalStateException(new IOException("Connection reset by peer"));
        MockHttpServletResponse begun = new MockHttpServletResponse();
        begun.setCommitted(true);

        assertThat(advice.answer(ours, POST, fresh).getStatusCode().value()).isEqualTo(500);
        assertThat(advice.answer(new IllegalStateException(new EOFException()), POST, fresh).getStatusCode().value())
                .isEqualTo(500);
        assertThat(advice.answer(ours, POST, begun)).isNull();
        assertThat(advice.answer(new IllegalStateException(new ClientAbortException(new IOException("Broken pipe"))),
                POST, fresh)).isNull();
    }

    /** Cluster mode: a member lost under a write leaves it unknown; under a read, nothing was asked to change. */
    @Test
    void aLostOutcome_isIndeterminate_worded_forAWriteOrARead() {
        var write = advice.answer(new OutcomeUnknownException(), POST, fresh);
        var read = advice.answer(new OutcomeUnknownException(), new MockHttpServletRequest("GET", "/api/x"), fresh);

        assertThat(write.getStatusCode().value()).isEqualTo(503);
        assertThat(write.getBody().getDetail()).isEqualTo(Failure.INDETERMINATE.detail());
        assertThat(read.getStatusCode().value()).isEqualTo(503);
        assertThat(read.getBody().getDetail()).isEqualTo(ProblemAdvice.READ_LOST);
        assertThat(read.getBody().getProperties()).containsEntry("error", "indeterminate");
    }

    @Test
    void aMalformedMultipartBody_isTheClientsMistake() {
        MultipartException malformed = new MultipartException("Failed to parse multipart servlet request",
                new FileUploadException("Stream ended unexpectedly",
                        new MultipartStream.MalformedStreamException("Stream ended unexpectedly")));

        assertThat(advice.answer(malformed, POST, fresh).getStatusCode().value()).isEqualTo(400);
        assertThat(advice.answer(malformed, POST, fresh).getBody().getProperties())
                .containsEntry("error", "invalid_request");
    }

    /** The framework's 503 tells the client when to retry, as every 503 of the service's own does. */
    @Test
    void theFrameworksServiceUnavailable_isUnavailable_withRetryAfter() throws Exception {
        ResponseEntity<Object> answer = advice.handleException(new AsyncRequestTimeoutException(),
                new ServletWebRequest(new MockHttpServletRequest()));

        assertThat(answer.getStatusCode().value()).isEqualTo(503);
        assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo("1");
        assertThat(((ProblemDetail) answer.getBody()).getProperties()).containsEntry("error", "unavailable");
    }

    @Test
    void aServerFailureWhileReadingAMultipartBody_staysAnInternalError() {
        MultipartException diskFull = new MultipartException("Failed to parse multipart servlet request",
                new IOException("No space left on device"));

        assertThat(advice.answer(diskFull, POST, fresh).getStatusCode().value()).isEqualTo(500);
        assertThat(advice.answer(diskFull, POST, fresh).getBody().getProperties()).containsEntry("error", "internal");
    }
}
