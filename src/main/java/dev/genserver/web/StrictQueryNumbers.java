package dev.genserver.web;

import java.beans.PropertyEditorSupport;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.support.WebBindingInitializer;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.annotation.InitBinderDataBinderFactory;
import org.springframework.web.method.support.InvocableHandlerMethod;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.ServletRequestDataBinderFactory;

/**
 * Numbers in queries and paths as they read: ASCII digits after an optional minus, given once and not empty, where
 * Spring's property editor takes {@code 0x0A}, {@code #0A} and Unicode digits, the first of a repeated parameter,
 * and an empty one for the default; otherwise 400 {@code invalid_request}. Text parameters are given once too. Added
 * by the adapter's binder factory ({@link SpringMvcParts}), not an {@code @InitBinder} advice, which cost a tenth of
 * the counter's CPU (docs/performance.md).
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
                String name = binder.getObjectName();
                String[] given = binder.getTarget() == null ? request.getParameterValues(name) : null; // not a body
                if (given != null && given.length > 1) {
                    givenOnce(name, request);
                }
                boolean givenEmpty = given != null && given.length == 1 && given[0].isEmpty();
                binder.registerCustomEditor(int.class, new Decimal(true, givenEmpty));
                binder.registerCustomEditor(Integer.class, new Decimal(true, givenEmpty));
                binder.registerCustomEditor(long.class, new Decimal(false, givenEmpty));
                binder.registerCustomEditor(Long.class, new Decimal(false, givenEmpty));
            }
        };
    }

    /**
     * A query parameter a handler binds must be given once. Spring joins a repeated text parameter with commas
     * ({@code ?after=a&after=c} reads as "a,c") and swallows what an editor throws on the values' array, so the
     * check is here, where the binder is made for the parameter's name. A path variable of that name is not the
     * query's. An empty value ({@code ?limit=}), which Spring takes for the parameter's default, is refused for a
     * number by its editor.
     */
    private static void givenOnce(String name, NativeWebRequest request) {
        if (!(request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST)
                instanceof Map<?, ?> path && path.containsKey(name))) {
            throw Failure.INVALID_REQUEST.exception(GIVEN_TWICE.formatted(name));
        }
    }

    /** One binder's editor; a repeated parameter reaches it joined by commas, which no number contains. */
    private static final class Decimal extends PropertyEditorSupport {

        private static final Pattern DECIMAL = Pattern.compile("-?[0-9]+");

        private final boolean isInt;
        private final boolean givenEmpty;

        Decimal(boolean isInt, boolean givenEmpty) {
            this.isInt = isInt;
            this.givenEmpty = givenEmpty;
        }

        @Override
        public void setAsText(String text) {
            if (givenEmpty || !DECIMAL.matcher(text).matches()) {
                throw new IllegalArgumentException("not one decimal number");
            }
            long value = Long.parseLong(text); // never empty: Spring puts the parameter's default in its place
            if (isInt && value != (int) value) {
                throw new IllegalArgumentException("out of range");
            }
            setValue(isInt ? (Object) (int) value : (Object) value);
        }
    }
}
