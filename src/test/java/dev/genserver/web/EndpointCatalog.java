package dev.genserver.web;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.context.ApplicationContext;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

/**
 * Every endpoint the running application maps — controllers, actuator, the API docs — read from Spring's handler
 * mappings, so an endpoint added later is fuzzed without anyone listing it.
 */
final class EndpointCatalog {

    /** One mapped path pattern and method; {@code method} is null when the mapping takes any method. */
    record Endpoint(String pattern, String method, boolean takesBody) {

        /** The pattern with each {@code {variable}} replaced by {@code value}. */
        String path(java.util.function.Function<String, String> value) {
            StringBuilder path = new StringBuilder();
            int at = 0;
            while (true) {
                int open = pattern.indexOf('{', at);
                if (open < 0) {
                    return path.append(pattern.substring(at)).toString();
                }
                int close = pattern.indexOf('}', open);
                path.append(pattern, at, open).append(value.apply(pattern.substring(open + 1, close)));
                at = close + 1;
            }
        }
    }

    private EndpointCatalog() {
    }

    static List<Endpoint> of(ApplicationContext context) {
        List<Endpoint> endpoints = new ArrayList<>();
        for (RequestMappingInfoHandlerMapping mapping
                : context.getBeansOfType(RequestMappingInfoHandlerMapping.class).values()) {
            mapping.getHandlerMethods().forEach((info, handler) -> {
                boolean body = false;
                for (MethodParameter parameter : handler.getMethodParameters()) {
                    body |= parameter.hasParameterAnnotation(RequestBody.class);
                }
                for (String pattern : info.getPatternValues()) {
                    for (String method : methods(info)) {
                        endpoints.add(new Endpoint(pattern, method, body));
                    }
                }
            });
        }
        endpoints.sort(Comparator.comparing(Endpoint::pattern).thenComparing(e -> String.valueOf(e.method())));
        return endpoints;
    }

    /** The distinct path patterns, sorted. */
    static Set<String> patterns(List<Endpoint> endpoints) {
        Set<String> patterns = new TreeSet<>();
        endpoints.forEach(endpoint -> patterns.add(endpoint.pattern()));
        return patterns;
    }

    private static List<String> methods(RequestMappingInfo info) {
        Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
        if (methods.isEmpty()) {
            List<String> any = new ArrayList<>();
            any.add(null);
            return any;
        }
        return methods.stream().map(RequestMethod::name).sorted().toList();
    }
}
