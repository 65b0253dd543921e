package dev.genserver.web;

import java.lang.reflect.Method;
import java.util.List;
import org.springframework.boot.webmvc.autoconfigure.WebMvcRegistrations;
import org.springframework.core.ResolvableType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.method.annotation.InitBinderDataBinderFactory;
import org.springframework.web.method.support.InvocableHandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.ServletInvocableHandlerMethod;

/**
 * The service's changes to Spring MVC's own parts, through Boot's {@link WebMvcRegistrations}, which controller
 * slices load too: strict number binding ({@link StrictQueryNumbers}) and conditions judged once the arguments are
 * read ({@link Preconditions}); and a handler whose success has no body is routed whatever {@code Accept} says
 * (nothing to negotiate: a generated client sends {@code Accept: application/problem+json} there).
 */
@Component
class SpringMvcParts implements WebMvcRegistrations {

    @Override
    public RequestMappingHandlerAdapter getRequestMappingHandlerAdapter() {
        return new RequestMappingHandlerAdapter() {
            @Override
            protected InitBinderDataBinderFactory createDataBinderFactory(List<InvocableHandlerMethod> methods) {
                return StrictQueryNumbers.binderFactory(methods, getWebBindingInitializer());
            }

            @Override
            protected ServletInvocableHandlerMethod createInvocableHandlerMethod(HandlerMethod handler) {
                return Preconditions.judging(handler);
            }
        };
    }

    @Override
    public RequestMappingHandlerMapping getRequestMappingHandlerMapping() {
        return new RequestMappingHandlerMapping() {
            @Override
            protected RequestMappingInfo getMappingForMethod(Method method, Class<?> handlerType) {
                RequestMappingInfo info = super.getMappingForMethod(method, handlerType);
                return info == null || answersWithBody(method) ? info : info.mutate().produces().build();
            }
        };
    }

    /** Whether a success of {@code handler} has a body: anything but {@code void} and {@code ResponseEntity<Void>}. */
    static boolean answersWithBody(Method handler) {
        ResolvableType type = ResolvableType.forMethodReturnType(handler);
        Class<?> raw = type.toClass();
        return raw != void.class && raw != Void.class
                && !(ResponseEntity.class.isAssignableFrom(raw) && type.getGeneric(0).toClass() == Void.class);
    }
}
