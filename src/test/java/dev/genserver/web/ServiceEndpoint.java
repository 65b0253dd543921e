package dev.genserver.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.annotations.Hidden;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * One HTTP method and path of a service controller, as Spring MVC routes it: the list the OpenAPI document must
 * cover. Taken from the handler mapping itself, so an endpoint added later is in it without anyone listing it.
 */
record ServiceEndpoint(String method, String path, HandlerMethod handler) {

    /** Every mapping of a {@code dev.genserver} controller that is not hidden from the document on purpose. */
    static List<ServiceEndpoint> all(RequestMappingHandlerMapping mapping) {
        List<ServiceEndpoint> endpoints = new ArrayList<>();
        mapping.getHandlerMethods().forEach((RequestMappingInfo info, HandlerMethod handler) -> {
            if (!handler.getBeanType().getPackageName().startsWith("dev.genserver.")
                    || AnnotatedElementUtils.hasAnnotation(handler.getBeanType(), Hidden.class)) {
                return;
            }
            assertThat(info.getMethodsCondition().getMethods())
                    .as("%s names its HTTP method(s), or the document lists it under every method", handler)
                    .isNotEmpty();
            for (String path : info.getPatternValues()) {
                for (RequestMethod method : info.getMethodsCondition().getMethods()) {
                    endpoints.add(new ServiceEndpoint(method.name(), path, handler));
                }
            }
        });
        endpoints.sort(Comparator.comparing(ServiceEndpoint::toString));
        return endpoints;
    }

    /** Whether a success answers with a body (anything but {@code void} and {@code ResponseEntity<Void>}). */
    boolean answersWithBody() {
        return SpringMvcParts.answersWithBody(handler.getMethod());
    }

    @Override
    public String toString() {
        return method + " " + path;
    }
}
