package dev.genserver.web;

import java.beans.PropertyEditorSupport;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.support.WebBindingInitializer;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.annotation.InitBinderDataBinderFactory;
import org.springframework.web.method.support.InvocableHandlerMethod;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.ServletRequestDataBinderFactory;

/**
 * Numbers in queries and paths as they read: ASCII digits after an optional minus, given once. Spring's own
 * conversion falls back to a property editor that takes {@code 0x0A} and {@code #0A} as hexadecimal, and accepts
 * full-width and other Unicode digits and the first of a repeated parameter ({@code ?limit=3&limit=500}), so a
 * request could mean something other than it shows; and it takes an empty value ({@code ?limit=}) for the
 * parameter's default. A number that breaks this is 400 {@code invalid_request}, as
 * any parameter that cannot be converted. An editor on the binder comes before both. Text parameters, likewise,
 * are given once ({@link #givenOnce}).
 *
 * <p>The editors go on each binder the MVC adapter makes, and only then: {@link SpringMvcParts} gives the adapter
 * {@link #binderFactory}, which adds them. An {@code @InitBinder} method in a {@code @ControllerAdvice} would
 * do the same, but Spring builds a handler-method object for every such method on every request, binder or not
 * (annotation scans included): a tenth of the counter increment's CPU samples (docs/performance.md).
 */
final class StrictQueryNumbers {

    /** The refusal of a query parameter a handler binds, given twice or more; of its name. */
    static final String GIVEN_TWICE = "parameter '%s' is given more than once";

    private StrictQueryNumbers() {
    }

    /** Spring's binder factory for the MVC adapter, whose binders take the editors. */
    static InitBinderDataBinderFactory binderFactory(List<InvocableHandlerMethod> methods,
            WebBindingInitializer initializer) {
        return new ServletRequestDataBinderFactory(methods, initializer) {
            @Override
            public void initBinder(WebDataBinder binder, NativeWebRequest request) throws Exception {
                super.initBinder(binder, request);
                boolean named = binder.getTarget() == null; // a named value (a query parameter), not a body
                if (named) {
                    givenOnce(binder.getObjectName(), request);
                }
                strictNumbers(binder, named && givenEmpty(binder.getObjectName(), request));
            }
        };
    }

    /**
     * A query parameter a handler binds must be given once. Spring joins a repeated text parameter with commas
     * ({@code ?after=a&after=c} reads as "a,c") and swallows what an editor throws on the values' array, so the
     * check is here, where the binder is made for the parameter's name. A path variable of that name is not the
     * query's.
     */
    private static void givenOnce(String name, NativeWebRequest request) {
        String[] given = request.getParameterValues(name);
        if (given != null && given.length > 1 && !(request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE,
                RequestAttributes.SCOPE_REQUEST) instanceof Map<?, ?> path && path.containsKey(name))) {
            throw Failure.INVALID_REQUEST.exception(GIVEN_TWICE.formatted(name));
        }
    }

    /**
     * Whether the query gives {@code name} with an empty value ({@code ?limit=}). Spring then converts the
     * parameter's default instead, as if it were absent; a number given empty is refused.
     */
    private static boolean givenEmpty(String name, NativeWebRequest request) {
        String[] given = request.getParameterValues(name);
        return given != null && given.length == 1 && given[0].isEmpty();
    }

    private static void strictNumbers(WebDataBinder binder, boolean givenEmpty) {
        binder.registerCustomEditor(int.class, new Decimal(true, givenEmpty));
        binder.registerCustomEditor(Integer.class, new Decimal(true, givenEmpty));
        binder.registerCustomEditor(long.class, new Decimal(false, givenEmpty));
        binder.registerCustomEditor(Long.class, new Decimal(false, givenEmpty));
    }

    /** One binder's editor; a repeated parameter reaches it joined by commas, which no number contains. */
    private static final class Decimal extends PropertyEditorSupport {

        private final boolean isInt;
        private final boolean givenEmpty;

        Decimal(boolean isInt, boolean givenEmpty) {
            this.isInt = isInt;
            this.givenEmpty = givenEmpty;
        }

        @Override
        public void setAsText(String text) {
            if (givenEmpty) {
                throw new IllegalArgumentException("given empty");
            }
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (!(c >= '0' && c <= '9' || c == '-' && i == 0 && text.length() > 1)) {
                    throw new IllegalArgumentException("not one decimal number");
                }
            }
            long value = Long.parseLong(text); // never empty: Spring puts the parameter's default in its place
            if (isInt && value != (int) value) {
                throw new IllegalArgumentException("out of range");
            }
            setValue(isInt ? (Object) (int) value : (Object) value);
        }
    }
}
