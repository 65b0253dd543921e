package dev.genserver.server;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.apache.tomcat.util.http.fileupload.MultipartStream.MalformedStreamException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.servlet.autoconfigure.MultipartProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import org.springframework.web.multipart.support.StandardServletMultipartResolver;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * The API port's multipart resolver: Boot's, set as Boot sets it, except that a body without a single part is
 * refused. RFC 2046, 5.1.1 gives a multipart body at least one; Tomcat reads one with no delimiter at all (any
 * bytes) or with only the closing one as a form without fields, and the request was served with its parameters'
 * defaults ({@code acquire} took a permit). The exception is the one a malformed part raises, so the advice
 * answers both alike: 400 {@code invalid_request}. Judged as Boot resolves a multipart request by default, at once,
 * before routing; with {@code spring.servlet.multipart.resolve-lazily} the body is parsed only when a parameter is
 * read, and this check is not made. (The management port reads no multipart body at all:
 * {@link ManagementPortConfiguration}.)
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty(name = "spring.servlet.multipart.enabled", matchIfMissing = true)
class MultipartConfiguration {

    @Bean(DispatcherServlet.MULTIPART_RESOLVER_BEAN_NAME)
    StandardServletMultipartResolver multipartResolver(MultipartProperties properties) {
        boolean lazily = properties.isResolveLazily(); // a setting, read once
        StandardServletMultipartResolver resolver = new StandardServletMultipartResolver() {
            @Override
            public MultipartHttpServletRequest resolveMultipart(HttpServletRequest request) {
                MultipartHttpServletRequest parsed = super.resolveMultipart(request);
                if (!lazily && request.getContentLengthLong() != 0 && hasNoPart(request)) {
                    throw new MultipartException("the multipart body holds no part",
                            new MalformedStreamException("no part: no delimiter, or only the closing one"));
                }
                return parsed;
            }
        };
        resolver.setResolveLazily(lazily);
        resolver.setStrictServletCompliance(properties.isStrictServletCompliance());
        return resolver;
    }

    /** Asked once the body is parsed: the container gives the parts it has kept. */
    private static boolean hasNoPart(HttpServletRequest request) {
        try {
            return request.getParts().isEmpty();
        } catch (IOException | ServletException unreadable) {
            throw new MultipartException("the multipart body cannot be read", unreadable);
        }
    }
}
