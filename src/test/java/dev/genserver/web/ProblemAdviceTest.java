package dev.genserver.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.apache.tomcat.util.http.fileupload.FileUploadException;
import org.apache.tomcat.util.http.fileupload.MultipartStream;
import org.junit.jupiter.api.Test;
import org.springframework.web.multipart.MultipartException;

/** Which multipart failures are the client's: Spring wraps the server's own in the same exception. */
class ProblemAdviceTest {

    private final ProblemAdvice advice = new ProblemAdvice();

    @Test
    void aMalformedMultipartBody_isTheClientsMistake() {
        MultipartException malformed = new MultipartException("Failed to parse multipart servlet request",
                new FileUploadException("Stream ended unexpectedly",
                        new MultipartStream.MalformedStreamException("Stream ended unexpectedly")));

        assertThat(advice.answer(malformed).getStatusCode().value()).isEqualTo(400);
        assertThat(advice.answer(malformed).getBody().getProperties()).containsEntry("error", "invalid_request");
    }

    @Test
    void aServerFailureWhileReadingAMultipartBody_staysAnInternalError() {
        MultipartException diskFull = new MultipartException("Failed to parse multipart servlet request",
                new IOException("No space left on device"));

        assertThat(advice.answer(diskFull).getStatusCode().value()).isEqualTo(500);
        assertThat(advice.answer(diskFull).getBody().getProperties()).containsEntry("error", "internal");
    }
}
