package dev.genserver.server;

import dev.genserver.observability.ActionHostNames;
import dev.genserver.observability.ObservabilityProperties;
import dev.genserver.web.RequestGuard;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.web.multipart.MultipartResolver;
import org.springframework.web.multipart.support.StandardServletMultipartResolver;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.json.JsonMapper;

/**
 * The management port's protections, the same as the API port's. Actuator on its own port runs in a child
 * context with its own Tomcat and DispatcherServlet, and a servlet context registers only the filters of its own
 * context: the application's {@link RequestGuard} (body limits, problem bodies for bare error statuses, the error
 * page in place of actuator's, which answers with Boot's legacy error map) is registered here again, with a
 * multipart resolver of its own.
 * Tomcat's settings ({@code server.tomcat.*}) do reach it, since the child configures its Tomcat from the same
 * properties, and so does {@code ProblemAdvice}, found in the parent like any controller advice.
 *
 * <p>Listed in {@code META-INF/spring/…ManagementContextConfiguration.imports}; kept out of component scanning
 * ({@code GenServerApplication}), which would put these beans in the application context as well.
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
@Import(RequestGuard.class)
class ManagementPortConfiguration {

    /** The management port's Tomcat is its own: it needs the same processors ({@link ProcessorResettingProtocol}). */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> managementProcessorResettingProtocol() {
        return TomcatConfiguration::resetProcessors;
    }

    /** And a 100 Continue only once a body is read ({@link TomcatConfiguration#continueOnlyWhenTheBodyIsRead}). */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> managementContinueOnRead() {
        return TomcatConfiguration::continueOnlyWhenTheBodyIsRead;
    }

    /**
     * Its requests on Tomcat's own pool of platform threads ({@code server.tomcat.threads.*}), not on virtual threads
     * as the API's are. A platform thread is scheduled by the system beside the carriers, not queued behind the API's
     * virtual threads on them: with the API saturated and the load's own threads on the same cores, the probes' p99
     * was 16-20 ms against 67-177 ms (docs/reliability.md). It also keeps this port's requests out of a case the JDK
     * documents: a virtual thread loading a class cannot leave its carrier while it waits for a lock (JEP 491), and
     * this port's first requests load classes while others read the observer's files from the nested jar, under its
     * locks (not seen here: no hang in 124 cold starts loading the page, no pinned virtual thread in the 12 of them
     * recorded). The port serves few requests at once (probes, scrapes, observer pages; a stream holds no thread
     * between its events).
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> managementPlatformThreads() {
        // connector customizers run after every protocol handler customizer, Boot's virtual-thread one among them;
        // with no executor set, Tomcat starts its own
        return factory -> factory.addConnectorCustomizers(
                connector -> connector.getProtocolHandler().setExecutor(null));
    }

    /** A browser's actions on processes only through a host no other site controls ({@link ActionHosts}). */
    @Bean
    FilterRegistrationBean<ActionHosts> actionHosts(JsonMapper json, ObservabilityProperties observability) {
        FilterRegistrationBean<ActionHosts> registration = new FilterRegistrationBean<>(
                new ActionHosts(json, new ActionHostNames(observability.actionHosts())));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 3); // after the request guard, before any endpoint
        return registration;
    }

    /** And problem+json for what its Tomcat refuses itself ({@link ProblemErrorReportValve}). */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> managementProblemErrorReports(JsonMapper json) {
        return factory -> TomcatConfiguration.reportProblems(factory, json);
    }

    /**
     * No Swagger UI here: it belongs to the API port, beside its OpenAPI document. The child's Spring MVC takes the
     * application's configurers, springdoc's among them, and would serve the UI's files with no document behind
     * them. Named as springdoc's configurer, this one shadows it in the child (unless springdoc is asked to serve
     * the UI under actuator, on this port, with {@code springdoc.use-management-port}).
     */
    @Bean("swaggerWebMvcConfigurer")
    @ConditionalOnProperty(name = "springdoc.use-management-port", havingValue = "false", matchIfMissing = true)
    WebMvcConfigurer noSwaggerUiOnTheManagementPort() {
        return new WebMvcConfigurer() {
        };
    }

    /**
     * No endpoint of the management port reads a multipart body. Without this, the child's DispatcherServlet
     * takes the application's resolver but not its servlet's multipart configuration, and a multipart request
     * fails to parse: a 500 (HostileInputFuzzTest finds it). Named so, it shadows the parent's.
     */
    @Bean(DispatcherServlet.MULTIPART_RESOLVER_BEAN_NAME)
    MultipartResolver managementMultipartResolver() {
        return new StandardServletMultipartResolver() {
            @Override
            public boolean isMultipart(HttpServletRequest request) {
                return false;
            }
        };
    }
}
