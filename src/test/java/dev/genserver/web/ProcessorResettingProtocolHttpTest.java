package dev.genserver.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.server.ProcessorResettingProtocol;
import dev.genserver.testing.IntegrationTest;
import org.apache.coyote.ProtocolHandler;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;

/**
 * Tomcat's processor cache stays on, and a processor that answered an HTTP/0.9 request answers the next
 * connection's requests with a status line ({@link ProcessorResettingProtocol}).
 */
@IntegrationTest
class ProcessorResettingProtocolHttpTest {

    private static final byte[] NO_BODY = new byte[0];

    @LocalServerPort
    private int port;

    @Autowired
    private ServletWebServerApplicationContext context;

    @Test
    void connector_resetsTheHttp09Flag_withTheProcessorCacheOn() {
        ProtocolHandler handler = ((TomcatWebServer) context.getWebServer()).getTomcat().getConnector()
                .getProtocolHandler();

        assertThat(handler).isInstanceOf(ProcessorResettingProtocol.class);
        assertThat(((ProcessorResettingProtocol) handler).getProcessorCache()).isNotZero();
    }

    @Test
    void malformedRequestLineAfterARefusedHttp09Post_isAWhole400() {
        RawHttp http = new RawHttp(port);
        http.exchange("POST /api/counter\nX HTTP/1.1\r\nHost: localhost", NO_BODY);

        for (int i = 0; i < 5; i++) {
            RawHttp.Response answer = http.exchange("GET /api/counter|x HTTP/1.1\r\nHost: localhost", NO_BODY);
            assertThat(answer.dropped()).isNull();
            assertThat(answer.status()).isEqualTo(400);
        }
    }

    @Test
    void wellFormedRequestAfterAnHttp09Request_isAnsweredWithItsStatusLine() {
        RawHttp http = new RawHttp(port);
        RawHttp.Response http09 = http.exchange("GET /api/counter\nX HTTP/1.1\r\nHost: localhost", NO_BODY);
        assertThat(http09.http09()).isTrue();

        RawHttp.Response answer = http.exchange("GET /api/counter HTTP/1.1\r\nHost: localhost", NO_BODY);
        assertThat(answer.dropped()).isNull();
        assertThat(answer.status()).isEqualTo(200);
    }
}
