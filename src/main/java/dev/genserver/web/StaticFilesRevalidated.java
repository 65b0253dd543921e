package dev.genserver.web;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.http.CacheControl;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.handler.AbstractUrlHandlerMapping;
import org.springframework.web.servlet.resource.ResourceHttpRequestHandler;

/**
 * Files served from the jar (Swagger UI's, through springdoc's handlers) may be kept and revalidated:
 * {@code Cache-Control: no-cache} in place of the request guard's {@code no-store}, so that a browser asks again with
 * {@code If-Modified-Since} and is answered 304 instead of the whole file on every load. They change only with the
 * jar, whose build time is their {@code Last-Modified}. A handler that chose its own caching keeps it (springdoc's
 * generated {@code swagger-initializer.js} is {@code no-store}); the observer's files, in the management port's
 * context, which this does not reach, say so where they are mapped.
 */
@Component
class StaticFilesRevalidated implements BeanPostProcessor {

    @Override
    public Object postProcessAfterInitialization(Object bean, String name) {
        if (bean instanceof AbstractUrlHandlerMapping mapping) {
            for (Object handler : mapping.getHandlerMap().values()) {
                if (handler instanceof ResourceHttpRequestHandler files && files.getCacheControl() == null
                        && files.getCacheSeconds() < 0) {
                    files.setCacheControl(CacheControl.noCache());
                }
            }
        }
        return bean;
    }
}
