package dev.genserver.server;

import java.lang.System.Logger.Level;
import org.apache.coyote.AbstractProtocol;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tomcat's HTTP/1.1 connector with processors that start each connection afresh ({@link ProcessorResettingProtocol}),
 * so the processor cache can stay on; a 100 Continue only once a body is read; and problem+json for the requests
 * Tomcat refuses itself ({@link ProblemErrorReportValve}).
 */
@Configuration(proxyBeanMethods = false)
class TomcatConfiguration {

    private static final System.Logger LOG = System.getLogger(TomcatConfiguration.class.getName());

    /**
     * Runs after Boot's own customizer (lowest precedence), so the fallback's cache size is the one that holds.
     * The management port's own Tomcat gets the same ({@link ManagementPortConfiguration}).
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> processorResettingProtocol() {
        return TomcatConfiguration::resetProcessors;
    }

    /** The management port's Tomcat gets the same ({@link ManagementPortConfiguration}). */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> continueOnRead() {
        return TomcatConfiguration::continueOnlyWhenTheBodyIsRead;
    }

    /**
     * A client that sends {@code Expect: 100-continue} waits for Tomcat's 100 before it uploads its body. Tomcat sends
     * it before the request reaches the application, unless told to wait for the body's first read: then a request
     * refused on its headers (413 by its Content-Length, 415 by its type) is answered before the client has sent a
     * byte of what would be thrown away.
     */
    static void continueOnlyWhenTheBodyIsRead(TomcatServletWebServerFactory factory) {
        factory.addProtocolHandlerCustomizers(handler -> {
            if (handler instanceof AbstractHttp11Protocol<?> http11) {
                http11.setContinueResponseTiming("onRead");
            }
        });
    }

    /** The management port's Tomcat gets the same ({@link ManagementPortConfiguration}). */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports(JsonMapper json) {
        return factory -> reportProblems(factory, json);
    }

    static void reportProblems(TomcatServletWebServerFactory factory, JsonMapper json) {
        factory.addContextCustomizers(context -> ProblemErrorReportValve.install(context, json));
    }

    static void resetProcessors(TomcatServletWebServerFactory factory) {
        if (ProcessorResettingProtocol.canReset()) {
            factory.setProtocol(ProcessorResettingProtocol.class.getName());
        } else {
            LOG.log(Level.WARNING, "Tomcat's Http11Processor has no http09 flag to reset: processor cache turned "
                    + "off, so malformed request lines after an HTTP/0.9 request keep their status line");
            factory.addProtocolHandlerCustomizers(handler -> ((AbstractProtocol<?>) handler).setProcessorCache(0));
        }
    }
}
