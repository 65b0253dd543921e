package dev.genserver.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.apache.coyote.Response;
import org.apache.coyote.http11.Http11NioProtocol;
import org.apache.coyote.http11.Http11Processor;
import org.junit.jupiter.api.Test;

/**
 * What a processor keeps from an earlier connection and must not. The HTTP/0.9 flag is checked over HTTP
 * ({@code web.ProcessorResettingProtocolHttpTest}); the late write failure's race cannot be brought about on
 * demand, so its reset is checked here, on a processor in the state that race leaves it in.
 */
class ProcessorResettingProtocolTest {

    @Test
    void aWriteFailureRecordedAfterRecycling_isForgottenBeforeTheNextRequest() {
        Http11Processor processor = new Http11Processor(new Http11NioProtocol(), null);
        Response response = processor.getRequest().getResponse();
        // As a send to a client that left records it once Tomcat has recycled the processor for the next connection.
        response.setErrorException(new IOException("Broken pipe"));

        ProcessorResettingProtocol.forgetEarlierRequests(processor);

        assertThat(response.isExceptionPresent()).isFalse();
    }

    @Test
    void aProcessorWithNoFailureRecorded_keepsItsResponse() {
        Http11Processor processor = new Http11Processor(new Http11NioProtocol(), null);
        Response response = processor.getRequest().getResponse();
        response.setStatus(204);

        ProcessorResettingProtocol.forgetEarlierRequests(processor);

        assertThat(response.getStatus()).as("recycled only when a failure is recorded").isEqualTo(204);
    }
}
