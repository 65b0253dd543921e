package dev.genserver.observability;

import dev.genserver.web.WebLimitsProperties;
import java.util.Map;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;
import org.webjars.WebJarVersionLocator;
import tools.jackson.databind.json.JsonMapper;

/**
 * The observer page on the management port, beside actuator: its routes ({@link ObserverRoutes}), its stream
 * ({@link ObserverStreams}), its static files ({@code classpath:/observer/}, and uPlot from its webjar) and its
 * {@link ContentSecurityPolicyFilter}. The management port runs its own child context, which sees no ordinary
 * controller or static resource of the application; this configuration is listed in
 * {@code META-INF/spring/…ManagementContextConfiguration.imports} and kept out of the application's component
 * scan, so none of this is served on the API port. The data comes from {@link Observer}, in the parent context.
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
class ObserverConfiguration {

    /** The files' tags, one per file for the handler and the conditions' filter alike. */
    private final ContentTags tags = new ContentTags();
    /** Each URL prefix of the observer's files and the class path folder it serves, looked up once. */
    private final Map<String, String> fileFolders = fileFolders();

    @Bean
    ObserverStreams observerStreams() {
        return new ObserverStreams();
    }

    @Bean
    RouterFunction<ServerResponse> observerRoutes(Observer observer, ObserverStreams streams,
            WebLimitsProperties limits) {
        return ObserverRoutes.routes(observer, streams, limits.trustedOrigins());
    }

    private static Map<String, String> fileFolders() {
        return Map.of("/observer/assets/", "observer/",
                "/observer/uplot/", "META-INF/resources/webjars/uplot/" + new WebJarVersionLocator().version("uplot")
                        + "/dist/");
    }

    @Bean
    WebMvcConfigurer observerResources() {
        return new WebMvcConfigurer() {
            @Override
            public void addResourceHandlers(ResourceHandlerRegistry registry) {
                // kept and revalidated (a 304 while the file is the same), where the page and its data are not
                // stored; Swagger UI's files are not: springdoc writes one of them (swagger-initializer.js) for the
                // settings under any spelling of its path, which a handler-wide choice cannot tell from the others
                fileFolders.forEach((prefix, folder) -> registry.addResourceHandler(prefix + "**")
                        .addResourceLocations("classpath:/" + folder)
                        .setCacheControl(CacheControl.noCache()).setUseLastModified(false).setEtagGenerator(tags));
            }
        };
    }

    @Bean
    FilterRegistrationBean<ObserverFileConditions> observerFileConditions(JsonMapper json) {
        FilterRegistrationBean<ObserverFileConditions> registration =
                new FilterRegistrationBean<>(new ObserverFileConditions(fileFolders, tags, json));
        registration.addUrlPatterns(fileFolders.keySet().stream().map(prefix -> prefix + "*").toArray(String[]::new));
        return registration;
    }

    @Bean
    FilterRegistrationBean<ContentSecurityPolicyFilter> observerContentSecurityPolicy() {
        FilterRegistrationBean<ContentSecurityPolicyFilter> registration =
                new FilterRegistrationBean<>(new ContentSecurityPolicyFilter());
        registration.addUrlPatterns("/observer", "/observer/*");
        return registration;
    }
}
