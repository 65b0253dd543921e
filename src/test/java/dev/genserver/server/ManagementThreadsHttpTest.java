package dev.genserver.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.testing.IntegrationTest;
import dev.genserver.testing.ManagementServer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;

/**
 * The management port's requests run on platform threads, the API's on virtual ones
 * ({@link ManagementPortConfiguration#managementPlatformThreads()} says why): each connector's executor is handed a
 * task, which reports the kind of thread it ran on.
 */
@IntegrationTest
class ManagementThreadsHttpTest {

    @Autowired
    private ManagementServer management;
    @Autowired
    private ApplicationContext application;

    @Test
    void theManagementPortsRequests_runOnPlatformThreads() throws Exception {
        assertThat(runsOnAVirtualThread(connectorOf(management.context()))).isFalse();
        assertThat(connectorOf(management.context()).getProtocolHandler().getExecutor().getClass().getName())
                .isEqualTo("org.apache.tomcat.util.threads.ThreadPoolExecutor"); // Tomcat's own pool
    }

    @Test
    void theApisRequests_runOnVirtualThreads() throws Exception {
        assertThat(runsOnAVirtualThread(connectorOf(application))).isTrue();
    }

    private static Connector connectorOf(ApplicationContext context) {
        return ((TomcatWebServer) ((WebServerApplicationContext) context).getWebServer()).getTomcat().getConnector();
    }

    private static boolean runsOnAVirtualThread(Connector connector) throws Exception {
        CompletableFuture<Boolean> virtual = new CompletableFuture<>();
        connector.getProtocolHandler().getExecutor()
                .execute(() -> virtual.complete(Thread.currentThread().isVirtual()));
        return virtual.get(10, TimeUnit.SECONDS);
    }
}
