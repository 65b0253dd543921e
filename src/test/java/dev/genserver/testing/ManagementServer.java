package dev.genserver.testing;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * The management port of the running test application (actuator, in its own child context and Tomcat): a
 * {@code RestTestClient} bound to it, its port, and its context. Inject it where a test needs actuator; the
 * injected {@code RestTestClient} talks to the API port, where {@code /actuator} is not found.
 */
public final class ManagementServer implements ApplicationListener<WebServerInitializedEvent> {

    private static final String NAMESPACE = "management";

    private volatile WebServerApplicationContext context;
    private volatile Bound client;

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        if (NAMESPACE.equals(event.getApplicationContext().getServerNamespace())) {
            context = event.getApplicationContext();
        }
    }

    /** A client for the management port, as the injected one is for the API port. */
    public RestTestClient client() {
        // a paused and restarted test context restarts the management server, on a new random port
        String baseUrl = "http://localhost:" + port();
        Bound bound = client;
        if (bound == null || !bound.baseUrl().equals(baseUrl)) {
            bound = new Bound(baseUrl, RestTestClient.bindToServer().baseUrl(baseUrl).build());
            client = bound;
        }
        return bound.client();
    }

    private record Bound(String baseUrl, RestTestClient client) { }

    public int port() {
        return started().getWebServer().getPort();
    }

    /** The management child context, whose handler mappings serve {@code /actuator}. */
    public ApplicationContext context() {
        return started();
    }

    private WebServerApplicationContext started() {
        WebServerApplicationContext started = context;
        if (started == null) {
            throw new IllegalStateException("no management server started: is management.server.port set?");
        }
        return started;
    }
}
