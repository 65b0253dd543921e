package dev.genserver.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.genserver.app.ClusterMode;
import dev.genserver.app.RuntimeProperties;
import dev.genserver.app.ServiceUnavailableException;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.core.util.Yaml31;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.properties.SwaggerUiConfigProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpHeaders;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI document at {@code /v3/api-docs} (and the Swagger UI on it): what the service is, the shared
 * {@code Problem} schema and headers, and the problem answers of every operation, worked out from the handler
 * alone: its own and the runtime's for the message it sends ({@link Sends}, as {@link ProblemAdvice} maps them),
 * and the framework's for what it reads. One response per status with an example body per {@code error}, worded
 * as the service words it; and a readable operation id ({@code stacksPop}) instead of springdoc's {@code pop_1}.
 * Each service describes its own tag (the seed section it implements) in its controller's {@code @Tag}.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    /** The fixed part, in {@code openapi.yaml}: what the service is, the shared schemas and headers. */
    @Bean
    OpenAPI genServerOpenApi() throws IOException {
        try (InputStream yaml = new ClassPathResource("openapi.yaml").getInputStream()) {
            return Yaml31.mapper().readValue(yaml, OpenAPI.class);
        }
    }

    /**
     * The Swagger UI may not be framed by another site: its "Execute" sends same-origin writes, which a page framing
     * it could trick a click into (clickjacking); no other answer of the API port is a page. Where springdoc serves it
     * follows its {@code springdoc.swagger-ui.path}, as springdoc bound it ({@link #swaggerUiPaths}); moved to the
     * management port ({@code springdoc.use-management-port}), it is served without these headers.
     */
    @Bean
    FilterRegistrationBean<Filter> swaggerUiNotFramed(ObjectProvider<SwaggerUiConfigProperties> swaggerUi) {
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>((request, response, chain) -> {
            HttpServletResponse answer = (HttpServletResponse) response;
            answer.setHeader("Content-Security-Policy", "frame-ancestors 'none'");
            answer.setHeader("X-Frame-Options", "DENY"); // for browsers without frame-ancestors
            answer.setHeader("X-Content-Type-Options", "nosniff");
            chain.doFilter(request, response);
        });
        SwaggerUiConfigProperties ui = swaggerUi.getIfAvailable();
        if (ui == null) {
            registration.setEnabled(false); // no UI served; a filter without patterns would take every path
        } else {
            registration.addUrlPatterns(swaggerUiPaths(ui.getPath()));
        }
        return registration;
    }

    /**
     * The UI's address and its files: springdoc redirects {@code path} to {@code swagger-ui/index.html} beside it
     * ({@code /docs/ui.html} to {@code /docs/swagger-ui/index.html}).
     */
    static String[] swaggerUiPaths(String setting) {
        String path = setting.startsWith("/") ? setting : "/" + setting; // as Spring MVC maps it
        String folder = path.substring(0, Math.max(0, path.lastIndexOf('/')));
        return new String[] {path, folder + "/swagger-ui/*"};
    }

    /** Stored values ({@link JsonNode}) are any JSON value: the {@code AnyJson} schema of {@code openapi.yaml}. */
    @Bean
    ModelConverter anyJson() {
        return (type, context, chain) -> {
            if (JsonNode.class.isAssignableFrom(Json.mapper().constructType(type.getType()).getRawClass())) {
                return new Schema<>().$ref("#/components/schemas/AnyJson");
            }
            return chain.hasNext() ? chain.next().resolve(type, context, chain) : null;
        };
    }

    /**
     * The service's records are written with every component, null or not, unless {@code @JsonInclude(NON_NULL)}
     * leaves one out: each such property is required, so that a generated client need not treat every field of an
     * answer as optional. Request records declare theirs by their constraints, which this agrees with.
     */
    @Bean
    ModelConverter recordComponentsRequired() {
        return (type, context, chain) -> {
            Schema<?> resolved = chain.hasNext() ? chain.next().resolve(type, context, chain) : null;
            Class<?> raw = Json.mapper().constructType(type.getType()).getRawClass();
            String ref = resolved == null ? null : resolved.get$ref();
            Schema<?> model = ref == null ? resolved
                    : context.getDefinedModels().get(ref.substring(ref.lastIndexOf('/') + 1));
            if (model != null && model.getProperties() != null && raw.isRecord()
                    && raw.getPackageName().startsWith("dev.genserver.") && !leftOutWhenNull(raw)) {
                for (RecordComponent component : raw.getRecordComponents()) {
                    // Jackson's annotations do not target record components: they land on the accessor
                    Method accessor = component.getAccessor();
                    JsonProperty renamed = accessor.getAnnotation(JsonProperty.class);
                    String name = renamed == null || renamed.value().isEmpty() ? component.getName() : renamed.value();
                    if (model.getProperties().containsKey(name) && !leftOutWhenNull(accessor)
                            && (model.getRequired() == null || !model.getRequired().contains(name))) {
                        model.addRequiredItem(name);
                    }
                }
            }
            return resolved;
        };
    }

    private static boolean leftOutWhenNull(AnnotatedElement element) {
        JsonInclude include = element.getAnnotation(JsonInclude.class);
        return include != null && include.value() != JsonInclude.Include.ALWAYS
                && include.value() != JsonInclude.Include.USE_DEFAULTS;
    }

    /**
     * A request body's object schema lists every field the service takes, and the service refuses any other
     * ({@link JsonConfiguration}: 400 {@code invalid_json}); {@code additionalProperties: false} says so, for the
     * validators and clients generated from the document.
     */
    @Bean
    OpenApiCustomizer closedRequestBodies() {
        return openApi -> openApi.getPaths().values().forEach(path -> path.readOperations().stream()
                .filter(operation -> operation.getRequestBody() != null
                        && operation.getRequestBody().getContent() != null)
                .flatMap(operation -> operation.getRequestBody().getContent().values().stream())
                .map(media -> resolved(openApi, media.getSchema()))
                .filter(schema -> schema != null && schema.getProperties() != null)
                .forEach(schema -> schema.setAdditionalProperties(false)));
    }

    private static Schema<?> resolved(OpenAPI openApi, Schema<?> schema) {
        String ref = schema == null ? null : schema.get$ref();
        return ref == null ? schema
                : openApi.getComponents().getSchemas().get(ref.substring(ref.lastIndexOf('/') + 1));
    }

    /** One answer as the document shows it: when it is given, an example detail, headers besides Retry-After. */
    private record Documented(Failure failure, String meaning, String detail, List<String> headers) {

        Documented(Failure failure, String meaning, String detail) {
            this(failure, meaning, detail, List.of());
        }
    }

    private static final String KEY_RULE = "a key or name in the path breaks the key rule: 1 to "
            + PathKey.Rule.MAX_LENGTH + " characters in Unicode's composed form (NFC), no '/', ';', NUL, control, bidi "
            + "control (U+202E) or invisible (U+200B, U+00AD) characters, not '.' or '..'";
    private static final Documented SEMICOLON = new Documented(Failure.INVALID_KEY, "the path contains ';', which "
            + "Spring would take for matrix parameters", RequestGuard.SEMICOLON);
    // Refused before routing (or in reading a form any request may send), so whatever the operation.
    private static final Documented UNPARSABLE = new Documented(Failure.INVALID_REQUEST, "the request cannot be "
            + "parsed: its path holds an encoded '/', '\\' or NUL, or bytes that are not UTF-8, its query string "
            + "cannot be decoded, its request line is too long, its Content-Type comes twice, or a form or "
            + "multipart body (or a multipart Content-Type without a boundary) cannot be read",
            RequestGuard.UNDECODABLE_QUERY);
    private static final Documented NOT_ACCEPTABLE = new Documented(Failure.NOT_ACCEPTABLE, "the Accept header "
            + "cannot be read, or does not admit application/json, the type of every success (a problem is "
            + "application/problem+json whatever Accept says, but a request that admits no success is refused before "
            + "it is handled)",
            "No acceptable representation");
    // A success without a body has no type for Accept to refuse (SpringMvcParts), only the header itself can be.
    private static final Documented NOTHING_ACCEPTABLE = new Documented(Failure.NOT_ACCEPTABLE, "the Accept header "
            + "cannot be read, or gives every media range it names quality 0 (this operation's success has no body, "
            + "so any other Accept admits it)", AcceptHeader.NOTHING_ACCEPTABLE);
    private static final Documented INDETERMINATE = new Documented(Failure.INDETERMINATE, "cluster mode: the member "
            + "running the message was lost, or its backup did not confirm it, before it answered; it may or may not "
            + "have been applied",
            Failure.INDETERMINATE.detail());
    private static final Documented INDETERMINATE_READ = new Documented(Failure.INDETERMINATE, "cluster mode: the "
            + "member running the read was lost, or could not confirm the state it read with its backup, before it "
            + "answered (reads that change what they read, a breaker's, a bucket's, a session's, the cache's, go as "
            + "writes); ask again", ProblemAdvice.READ_LOST);
    private static final Documented INVALID_PARAMETER = new Documented(Failure.INVALID_REQUEST,
            "a query parameter is not a number, is out of range, or is given more than once",
            ProblemAdvice.INVALID_PARAMETER.formatted("limit"));
    private static final Documented REPEATED_PARAMETER = new Documented(Failure.INVALID_REQUEST,
            "a query parameter is given more than once", StrictQueryNumbers.GIVEN_TWICE.formatted("after"));
    private static final Documented INVALID_CONTENT = new Documented(Failure.INVALID_REQUEST,
            "the body is JSON but a field breaks its constraints", "field 'userId' must not be blank");
    private static final Documented INVALID_JSON = new Documented(Failure.INVALID_JSON, "the body is not "
            + "well-formed JSON, misses a field, has an unknown one or a value of the wrong type (\"7\" or 7.5 for an "
            + "integer; an integer is written without a fraction or exponent, so 7.0 and 7e0 are refused too, "
            + "stricter than JSON Schema's integer), or passes the parser's bounds (nesting deeper than "
            + JsonConfiguration.MAX_DEPTH + ", a number of more than " + JsonConfiguration.MAX_DIGITS
            + " digits, a string of more than " + JsonConfiguration.MAX_STRING + " characters)",
            ProblemAdvice.NOT_WELL_FORMED);
    private static final Documented UNSUPPORTED_MEDIA_TYPE = new Documented(Failure.UNSUPPORTED_MEDIA_TYPE,
            "the body is not sent as application/json, or is compressed",
            "Content-Type 'text/plain' is not supported.");
    // An operation that reads no body still has RequestGuard judge one sent along.
    private static final Documented STRAY_BODY_NOT_UTF8 = new Documented(Failure.INVALID_JSON, "a body sent along "
            + "as JSON, though this operation reads none, is not UTF-8", RequestGuard.NOT_UTF8);
    private static final Documented STRAY_BODY_TYPE = new Documented(Failure.UNSUPPORTED_MEDIA_TYPE, "a body sent "
            + "along, though this operation reads none, is compressed, typed as a media range, or JSON declared in "
            + "a charset other than UTF-8", RequestGuard.COMPRESSED);
    private static final Documented BODIES_HELD = new Documented(Failure.OVERLOADED, "the instance holds as many "
            + "request bodies in memory as genserver.web.max-buffered-bodies allows, and a body sent along (JSON, "
            + "read or not, or one without a length) would pass it; retry after Retry-After seconds",
            RequestGuard.BODIES_HELD);
    private static final Documented PRECONDITION_FAILED = new Documented(Failure.PRECONDITION_FAILED, "If-Match "
            + "names entity tags: no answer here has one, so none matches (RFC 9110, 13.1.1); nothing is done",
            Preconditions.NO_TAG_MATCHES);
    private static final Documented PRECONDITION_UNSUPPORTED = new Documented(Failure.PRECONDITION_UNSUPPORTED,
            "If-Match: * or If-None-Match: * on a write, which the service cannot judge before applying it; nothing "
            + "is done", Preconditions.CANNOT_JUDGE);
    private static final Documented CROSS_SITE = new Documented(Failure.FORBIDDEN, "a browser sent this write from a "
            + "page of another site (Sec-Fetch-Site other than same-origin or none, or an Origin whose host and port "
            + "are not the request's Host): the service serves no other origin",
            CrossSiteWrites.REFUSED.formatted("Sec-Fetch-Site", "cross-site"));
    private static final Documented NOPROC = new Documented(Failure.NOPROC,
            "no process has this id or name: never started, stopped, or exited", Failure.NOPROC.detail());
    private static final Documented EXIT = new Documented(Failure.EXIT, "the process exited before it answered "
            + "(it crashed, handling this request or one queued before it, or was killed); its supervisor restarts "
            + "it as its restart type says", Failure.EXIT.detail());
    private static final Documented OVERLOADED = new Documented(Failure.OVERLOADED, "the process's mailbox is full "
            + "(genserver.runtime.mailbox-capacity); retry after Retry-After seconds", Failure.OVERLOADED.detail());
    private static final Documented MAX_CHILDREN = new Documented(Failure.MAX_CHILDREN, "the service's dynamic "
            + "supervisor has started as many processes as it may", Failure.MAX_CHILDREN.detail("N"));
    private static final Documented INSUFFICIENT_STORAGE = new Documented(Failure.INSUFFICIENT_STORAGE, "the "
            + "instance's heap would reach genserver.web.max-heap-occupancy with this request's body (its parsed "
            + "tree, estimated) and what is stored since the last collection: nothing is stored until deletes, pops "
            + "and expiry make room", Failure.INSUFFICIENT_STORAGE.detail(87));

    @Bean
    OperationCustomizer problemResponses(RuntimeProperties runtime, WebLimitsProperties limits,
            Environment environment) {
        boolean cluster = ClusterMode.isOn(environment);
        Documented bodyTooLarge = new Documented(Failure.BODY_TOO_LARGE, "the body is larger than "
                + "genserver.web.max-body-size", Failure.BODY_TOO_LARGE.detail(limits.maxBodySize().toBytes()));
        Documented timeout = new Documented(Failure.TIMEOUT, "the process did not reply within the call timeout "
                + "(genserver.runtime.call-timeout)", Failure.TIMEOUT.detail(runtime.callTimeout().toMillis()));
        Documented bodyTooSlow = new Documented(Failure.REQUEST_TIMEOUT, "a body sent along (JSON, read or not, or "
                + "one without a length) was not whole within genserver.web.body-timeout of when its reading began, "
                + "or stopped arriving for server.tomcat.connection-timeout; the connection is not kept alive",
                Failure.REQUEST_TIMEOUT.detail(limits.bodyTimeout().toMillis()));
        Configured configured = new Configured(bodyTooLarge, timeout, bodyTooSlow, cluster);
        return (operation, handler) -> customize(operation, handler, configured);
    }

    /** What the document says that depends on the settings: limits and timeouts, and whether it is a cluster. */
    private record Configured(Documented bodyTooLarge, Documented timeout, Documented bodyTooSlow, boolean cluster) {
    }

    private static Operation customize(Operation operation, HandlerMethod handler, Configured configured) {
        if (!handler.getBeanType().getPackageName().startsWith("dev.genserver.")) {
            return operation;
        }
        String service = operation.getTags() == null || operation.getTags().isEmpty() ? "the service"
                : operation.getTags().getFirst();
        StringBuilder id = new StringBuilder(); // stacksPop: unique (one controller a tag), stable for deep links
        for (String word : (service + " " + handler.getMethod().getName()).split("[^A-Za-z0-9]+")) {
            id.append(id.isEmpty() ? word : StringUtils.capitalize(word));
        }
        operation.setOperationId(id.toString());
        String path = (firstPath(AnnotatedElementUtils.findMergedAnnotation(handler.getBeanType(),
                RequestMapping.class)) + firstPath(handler.getMethodAnnotation(RequestMapping.class)))
                .replaceAll("\\{[^}]+}", "example"); // for the examples' instance
        Map<String, ApiResponse> problems = new TreeMap<>();
        for (Documented problem : problems(handler, service, configured)) {
            add(problems.computeIfAbsent(Integer.toString(problem.failure().status().value()), status ->
                    new ApiResponse().description(problem.failure().status().getReasonPhrase()).content(new Content()
                            .addMediaType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                                    new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem"))))),
                    problem, path);
        }
        // a key in the path is 1 to MAX_LENGTH characters (code points, as JSON Schema counts), none invisible
        DocumentedParameters.schemas(operation, handler, PathKey.class, "path").forEach(schema -> schema.minLength(1)
                .maxLength(PathKey.Rule.MAX_LENGTH).pattern(PathKey.Rule.PATTERN));
        if (isRead(handler)) {
            operation.getResponses().addApiResponse("304", new ApiResponse().description(Preconditions.NOT_MODIFIED));
        }
        problems.forEach(operation.getResponses()::addApiResponse); // after the success, in order of status
        // springdoc puts a style beside a header's $ref, which a reference object does not allow
        operation.getResponses().values().stream().filter(response -> response.getHeaders() != null)
                .forEach(response -> response.getHeaders().values().forEach(header -> header.setStyle(null)));
        return operation;
    }

    /** Whether {@code handler} serves GET (and so HEAD) only; a mapping naming no method serves them all. */
    private static boolean isRead(HandlerMethod handler) {
        RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), RequestMapping.class);
        return mapping != null && mapping.method().length > 0
                && Arrays.stream(mapping.method()).allMatch(method -> method == RequestMethod.GET);
    }

    /** Every problem {@code handler} can answer, its own first. */
    private static List<Documented> problems(HandlerMethod handler, String service, Configured configured) {
        Documented bodyTooLarge = configured.bodyTooLarge();
        List<Documented> problems = new ArrayList<>();
        Sends sends = handler.getMethodAnnotation(Sends.class);
        Object[] settings = handler.createWithResolvedBean().getBean() instanceof Sends.Settings controller
                ? controller.detailArguments() : null;
        for (Sends.Problem own : sends == null ? new Sends.Problem[0] : sends.problems()) {
            String detail = settings == null ? own.detail() : String.format(Locale.ROOT, own.detail(), settings);
            problems.add(new Documented(own.value(), detail, detail, List.of(own.headers())));
        }
        if (handler.hasMethodAnnotation(Stores.class)) {
            problems.add(INSUFFICIENT_STORAGE);
        }
        boolean keyed = false;
        for (MethodParameter parameter : handler.getMethodParameters()) {
            if (parameter.hasParameterAnnotation(PathKey.class)) {
                if (!keyed) { // the example names the first, as the service names the one it refuses (a ';' is
                    // the request guard's to refuse, in words of its own: the example is one the rule refuses)
                    problems.add(new Documented(Failure.INVALID_KEY, KEY_RULE, parameter.getParameterName() + " "
                            + PathKey.Rule.problem("k".repeat(PathKey.Rule.MAX_LENGTH + 1))));
                }
                keyed = true;
            } else if (parameter.hasParameterAnnotation(RequestParam.class)) {
                problems.add(parameter.getParameterType() != String.class ? INVALID_PARAMETER : REPEATED_PARAMETER);
            } else if (parameter.hasParameterAnnotation(RequestBody.class)) {
                problems.addAll(parameter.hasParameterAnnotation(Valid.class)
                        ? List.of(INVALID_JSON, INVALID_CONTENT, UNSUPPORTED_MEDIA_TYPE, bodyTooLarge)
                        : List.of(INVALID_JSON, UNSUPPORTED_MEDIA_TYPE, bodyTooLarge));
            }
        }
        if (!problems.contains(bodyTooLarge)) {
            problems.addAll(List.of(STRAY_BODY_NOT_UTF8, STRAY_BODY_TYPE, bodyTooLarge));
        }
        if (!keyed) {
            problems.add(SEMICOLON);
        }
        problems.addAll(List.of(UNPARSABLE,
                SpringMvcParts.answersWithBody(handler.getMethod()) ? NOT_ACCEPTABLE : NOTHING_ACCEPTABLE,
                PRECONDITION_FAILED));
        if (!isRead(handler)) {
            problems.addAll(List.of(PRECONDITION_UNSUPPORTED, CROSS_SITE));
        }
        if (sends != null) {
            problems.addAll(switch (sends.value()) {
                case CALL -> List.of(configured.timeout(), EXIT, OVERLOADED);
                case SUPERVISE -> List.of(EXIT, OVERLOADED);
                case CAST -> List.of(OVERLOADED);
                case LOOKUP -> List.of();
            });
            // whatever it reaches, a process or the dynamic supervisor of a service's processes may be restarting
            problems.add(new Documented(Failure.UNAVAILABLE, "the service's process, or the supervisor of its "
                    + "processes, is being restarted by its supervisor; retry after Retry-After seconds (once the "
                    + "supervision tree has stopped, or the instance shuts down, the detail says so: retry on another "
                    + "instance)", ServiceUnavailableException.notRunning(service).getMessage()));
            for (Sends.Recipient recipient : sends.to()) {
                switch (recipient) {
                    case SINGLETON -> { }
                    case PROCESS_BY_ID -> problems.add(NOPROC);
                    // a start is a call to the service's supervisor, whatever the message: killed meanwhile, exit
                    case NEW_PROCESS -> problems.addAll(List.of(MAX_CHILDREN, EXIT));
                }
            }
            if (configured.cluster()) {
                problems.add(isRead(handler) ? INDETERMINATE_READ : INDETERMINATE);
            }
        }
        // last: the budget's overloaded after the mailbox's, whose example stays the one shown
        problems.addAll(List.of(BODIES_HELD, configured.bodyTooSlow()));
        return problems.stream().distinct().toList();
    }

    /** Adds {@code problem} to the response of its status: a line of the description, an example, its headers. */
    private static void add(ApiResponse response, Documented problem, String path) {
        Failure failure = problem.failure();
        response.description(response.getDescription() + "\n- `" + failure.error() + "`: " + problem.meaning());
        MediaType media = response.getContent().values().iterator().next();
        if (media.getExamples() == null || !media.getExamples().containsKey(failure.error())) {
            Map<String, Object> body = new LinkedHashMap<>(); // as the service writes it: Jackson's order
            body.put("detail", problem.detail());
            body.put("instance", path);
            body.put("status", failure.status().value());
            body.put("title", failure.status().getReasonPhrase());
            body.put("error", failure.error());
            media.addExamples(failure.error(), new Example().summary(failure.error()).value(body));
        }
        List<String> headers = new ArrayList<>(problem.headers());
        if (failure.retryAfter()) {
            headers.addFirst(HttpHeaders.RETRY_AFTER);
        }
        headers.forEach(name -> response.addHeaderObject(name, new Header().$ref("#/components/headers/" + name)));
    }

    private static String firstPath(RequestMapping mapping) {
        return mapping == null || mapping.path().length == 0 ? "" : mapping.path()[0];
    }
}
