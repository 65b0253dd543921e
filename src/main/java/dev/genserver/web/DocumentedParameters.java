package dev.genserver.web;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Schema;
import java.lang.annotation.Annotation;
import java.util.Arrays;
import java.util.stream.Stream;
import org.springframework.web.method.HandlerMethod;

/** For a customizer that writes into the document what an annotation on a handler's parameter means. */
public final class DocumentedParameters {

    private DocumentedParameters() {
    }

    /**
     * The schemas of {@code operation}'s parameters ({@code in}: {@code path}, {@code query}) that stand for
     * {@code handler}'s parameters annotated with {@code annotation}, matched by name.
     */
    public static Stream<Schema<?>> schemas(Operation operation, HandlerMethod handler,
            Class<? extends Annotation> annotation, String in) {
        if (operation.getParameters() == null) {
            return Stream.empty();
        }
        return Arrays.stream(handler.getMethodParameters())
                .filter(parameter -> parameter.hasParameterAnnotation(annotation))
                .flatMap(parameter -> operation.getParameters().stream().filter(documented ->
                        in.equals(documented.getIn()) && documented.getName().equals(parameter.getParameterName())
                                && documented.getSchema() != null))
                .<Schema<?>>map(documented -> documented.getSchema());
    }
}
