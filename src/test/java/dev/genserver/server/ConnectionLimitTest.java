package dev.genserver.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.testing.IntegrationTest;
import dev.genserver.testing.ManagementServer;
import org.apache.coyote.AbstractProtocol;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;

/**
 * Both ports cap their connections at 1024 (application.yml): with Tomcat's 8192 each, connections that never
 * finish their requests ran a 768 MB heap out and stopped both ports' acceptors. The management port's Tomcat is
 * the one a setting of {@code server.tomcat} could miss.
 */
@IntegrationTest
class ConnectionLimitTest {

    @Autowired
    private ServletWebServerApplicationContext context;
    @Autowired
    private ManagementServer management;

    @Test
    void bothPorts_capTheirConnections() {
        assertThat(maxConnections(context)).isEqualTo(1024);
        assertThat(maxConnections((WebServerApplicationContext) management.context())).isEqualTo(1024);
    }

    private static int maxConnections(WebServerApplicationContext context) {
        return ((AbstractProtocol<?>) ((TomcatWebServer) context.getWebServer()).getTomcat().getConnector()
                .getProtocolHandler()).getMaxConnections();
    }
}
