package dev.genserver.server;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.apache.coyote.AbstractProtocol;
import org.apache.tomcat.util.net.AbstractEndpoint;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The {@code apiPort} health contributor, in the liveness and readiness groups: DOWN once the API port has stopped
 * taking requests while the JVM runs on: its connector stopped, or the thread that accepts its connections or the one
 * that polls them ended. An OutOfMemoryError ends Tomcat's poller (it rethrows a {@code VirtualMachineError}), and
 * the port then answers nothing, for good, while every other contributor says UP (seen when springdoc filled a
 * 256 MB heap); the Dockerfile's {@code -XX:+ExitOnOutOfMemoryError} exits instead, a {@code java -jar} without it
 * does not. Judged from the threads found once, as the port opened: a few field reads, under any load.
 *
 * <p>Thread-safe.
 */
@Component
class ApiPortHealthIndicator implements HealthIndicator, ApplicationListener<WebServerInitializedEvent> {

    private static final MethodHandle ENDPOINT = endpointGetter();
    private static final String ACCEPTOR = "-Acceptor";

    private volatile Connector connector;
    /** The port as it opened: the connector's own reads -1 once a graceful shutdown has closed it. */
    private volatile int port;
    private volatile List<Thread> threads = List.of();
    /** Set as the application begins to close, before the graceful shutdown ends the acceptor on purpose. */
    private volatile boolean closing;

    /** The API port's server, not the management port's (whose child context publishes its event here too). */
    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        if (event.getApplicationContext().getServerNamespace() == null
                && event.getWebServer() instanceof TomcatWebServer tomcat) {
            Connector api = tomcat.getTomcat().getConnector();
            threads = threadsOf(api);
            port = tomcat.getPort();
            connector = api;
        }
    }

    /**
     * A graceful shutdown closes the port's server socket, which ends its acceptor, and then waits for the requests
     * in flight: liveness stays UP meanwhile (it went DOWN for the whole drain, a restart's signal to anything
     * watching it), judged by the poller, which answers them.
     */
    @EventListener
    void closing(ContextClosedEvent closed) {
        closing = true;
    }

    @Override
    public Health health() {
        Connector api = connector;
        if (api == null) {
            return Health.unknown().withDetail("reason", "the API port has not opened yet").build();
        }
        List<Thread> judged = closing ? threads.stream().filter(thread -> !thread.getName().endsWith(ACCEPTOR))
                .toList() : threads;
        return judge(api.getState(), port, judged);
    }

    /** UP while the connector is started and each of its threads lives. */
    static Health judge(LifecycleState state, int port, List<Thread> threads) {
        List<String> ended = threads.stream().filter(thread -> !thread.isAlive()).map(Thread::getName).toList();
        Health.Builder health = state == LifecycleState.STARTED && ended.isEmpty() ? Health.up() : Health.down();
        health.withDetail("port", port).withDetail("connector", state.name())
                .withDetail("threads", threads.stream().map(Thread::getName).toList());
        return ended.isEmpty() ? health.build() : health.withDetail("ended", ended).build();
    }

    /**
     * Its acceptor and poller, named after its endpoint ({@code http-nio-127.0.0.1-8080-Poller}); none if this
     * Tomcat's protocol hides its endpoint, which leaves the connector's state alone to judge by.
     */
    private static List<Thread> threadsOf(Connector connector) {
        if (ENDPOINT == null || !(connector.getProtocolHandler() instanceof AbstractProtocol<?> protocol)) {
            return List.of();
        }
        try {
            String name = ((AbstractEndpoint<?, ?>) ENDPOINT.invoke(protocol)).getName();
            return Thread.getAllStackTraces().keySet().stream().filter(thread ->
                    thread.getName().equals(name + ACCEPTOR) || thread.getName().equals(name + "-Poller")).toList();
        } catch (Error fatal) {
            throw fatal;
        } catch (Throwable hidden) { // invoke() declares any Throwable; getEndpoint() throws nothing else
            return List.of();
        }
    }

    /** {@code AbstractProtocol.getEndpoint()}, protected: the endpoint names the threads (port 0 too). */
    private static MethodHandle endpointGetter() {
        try {
            return MethodHandles.privateLookupIn(AbstractProtocol.class, MethodHandles.lookup()).findVirtual(
                    AbstractProtocol.class, "getEndpoint", MethodType.methodType(AbstractEndpoint.class));
        } catch (ReflectiveOperationException | RuntimeException hidden) {
            return null;
        }
    }
}
