package dev.genserver.observability;

import dev.genserver.runtime.GenServerException;
import dev.genserver.runtime.NoProcessException;
import dev.genserver.web.CrossSiteWrites;
import dev.genserver.web.Failure;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponse;
import org.springframework.web.servlet.function.RequestPredicate;
import org.springframework.web.servlet.function.RequestPredicates;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The observer's URLs on the management port. Functional routes rather than a {@code @Controller}: a controller
 * would be found by the application's component scan and served on the API port too, while a router function
 * bean of the management context's configuration exists there only.
 *
 * <pre>
 * GET /observer                          the page (/observer/ redirects to it)
 * GET /observer/api/overview             {@link Overview}
 * GET /observer/api/tree                 {@link TreeNode}, the root
 * GET /observer/api/processes?sort=&amp;service=&amp;name=&amp;supervisor=&amp;offset=&amp;after=&amp;limit=   {@link ProcessTablePage}
 * GET /observer/api/processes/{idOrName} {@link ProcessPanel}
 * GET /observer/api/members              [{@link Members.Member}]
 * GET /observer/stream?view=overview|tree|processes|process|members&amp;…   the view, as Server-Sent Events
 * </pre>
 * Each answers HEAD as GET (the stream with its headers alone), OPTIONS with {@code Allow}, and any other method 405
 * with {@code Allow}; a query parameter of ours given twice is 400; {@code /observer/api/…} is 406 to a client that
 * accepts no JSON, the stream to one that accepts no event stream. Actions on a process are the processes endpoint's
 * ({@code DELETE /actuator/processes/{id}}, …), behind the same switch. Every path here is under the management
 * server's base path, if it has one; the page asks for all of them by relative URLs, so it works under any.
 */
final class ObserverRoutes {

    private static final List<String> PATHS = List.of("/observer", "/observer/", "/observer/api/overview",
            "/observer/api/tree", "/observer/api/processes", "/observer/api/processes/{idOrName}",
            "/observer/api/members", "/observer/stream");
    private static final String JSON = MediaType.APPLICATION_JSON_VALUE;
    /** What every path here answers. */
    private static final String ALLOWED = "GET, HEAD, OPTIONS";
    private static final List<String> PARAMETERS = List.of("view", "id", "sort", "service", "name", "supervisor",
            "offset", "after", "limit");

    private ObserverRoutes() {
    }

    /** {@code trustedOrigins}: whose pages may open a stream though the browser says they are of another site. */
    static RouterFunction<ServerResponse> routes(Observer observer, ObserverStreams streams,
            List<String> trustedOrigins) {
        ClassPathResource page = new ClassPathResource("observer/index.html");
        RouterFunctions.Builder routes = RouterFunctions.route()
                // no Cache-Control of its own: the request guard gives every answer no-store
                .route(read("/observer"), request -> ServerResponse.ok().contentType(MediaType.TEXT_HTML).body(page))
                // the address typed with a slash, as directories are: to the page, whose relative links need none;
                // relative, so that it holds behind a proxy that serves the port under a prefix of its own
                .route(read("/observer/"), request -> ServerResponse.status(HttpStatus.PERMANENT_REDIRECT)
                        .location(URI.create("../observer")).build())
                .route(read("/observer/api/overview"), request -> json(request, observer::overview))
                .route(read("/observer/api/tree"), request -> json(request, observer::tree))
                .route(read("/observer/api/processes"),
                        request -> json(request, () -> observer.processes(TableParameters.parse(single(request)))))
                .route(read("/observer/api/processes/{idOrName}"), request -> json(request,
                        () -> observer.process(request.pathVariable("idOrName"), serverBasePath(request),
                                hostAskedThrough(request))))
                .route(read("/observer/api/members"), request -> json(request, observer::members))
                .route(read("/observer/stream"), request -> stream(observer, streams, request, trustedOrigins));
        for (String path : PATHS) { // OPTIONS, or another method on a path of ours: Allow, as everywhere else
            routes.route(RequestPredicates.path(path), request -> request.method() == HttpMethod.OPTIONS
                    ? ServerResponse.ok().header(HttpHeaders.ALLOW, ALLOWED).build()
                    : problem(request, Failure.METHOD_NOT_ALLOWED.problem("this path answers " + ALLOWED),
                            HttpHeaders.ALLOW, ALLOWED));
        }
        return routes
                .onError(ErrorResponse.class::isInstance, (failure, request) -> problem(request,
                        ((ErrorResponse) failure).getBody()))
                .onError(GenServerException.class, (failure, request) -> problem(request, problem(failure)))
                .build();
    }

    static final String FROM_ANOTHER_SITE = "an observer stream is opened by the observer's own page, not by a "
            + "browser's request from another site (%s %s)";

    /**
     * The stream of a view, 406 to a client that accepts no event stream, as {@code /observer/api/…} is to one that
     * accepts no JSON, and 403 to a browser's request from another site. HEAD is answered with GET's headers and no
     * stream: a stream it opened would take a slot for nothing until it timed out.
     */
    private static ServerResponse stream(Observer observer, ObserverStreams streams, ServerRequest request,
            List<String> trustedOrigins) {
        String crossSite = CrossSiteWrites.fromAnotherSite(request.servletRequest(), trustedOrigins,
                FROM_ANOTHER_SITE);
        if (crossSite != null) { // a page of another site would hold the few slots, and could not read a stream
            return problem(request, Failure.FORBIDDEN.problem(crossSite));
        }
        if (!accepts(request, MediaType.TEXT_EVENT_STREAM)) {
            return notAcceptable(request, MediaType.TEXT_EVENT_STREAM_VALUE);
        }
        ObserverStreams.View view = view(observer, request); // refused alike on HEAD
        return request.method() == HttpMethod.HEAD ? streams.head(request.servletRequest())
                : streams.open(view, request.servletRequest());
    }

    /** The view a stream carries, from the same parameters as the corresponding {@code /observer/api/…}. */
    static ObserverStreams.View view(Observer observer, ServerRequest request) {
        Map<String, String> parameters = single(request);
        String view = parameters.getOrDefault("view", "overview");
        return switch (view) {
            case "overview" -> new ObserverStreams.View(view, view, observer::overview);
            case "tree" -> new ObserverStreams.View(view, view, observer::tree);
            case "members" -> new ObserverStreams.View(view, view, observer::members);
            case "processes" -> {
                TableQuery query = TableParameters.parse(parameters);
                yield new ObserverStreams.View(view, query.toString(), () -> observer.processes(query));
            }
            case "process" -> {
                String id = parameters.get("id");
                if (id == null) {
                    throw Failure.INVALID_REQUEST.exception("view=process needs id");
                }
                // A malformed id is refused now, not given a stream slot. A process that is gone is not: it is a
                // problem event on the stream, as when it exits while watched, so the page says so and keeps its
                // stream, where a refusal would have it retry for ever.
                ProcessLookup.validate(id);
                String serverBasePath = serverBasePath(request); // one for every stream of this server: one key
                String host = hostAskedThrough(request);
                // a panel with actions and one without, by the host asked through: a key each, not one a host
                String key = view + ":" + id + (observer.offersActionsThrough(host) ? "" : ":without-actions");
                yield new ObserverStreams.View(view, key, () -> observer.process(id, serverBasePath, host));
            }
            default -> throw Failure.INVALID_REQUEST.exception(
                    "view must be one of overview, tree, processes, process, members");
        };
    }

    /** The problem a failure computing a view is shown as. */
    static ProblemDetail problem(Throwable failure) {
        return switch (failure) {
            case ErrorResponse response -> response.getBody();
            case NoProcessException noproc -> Failure.NOPROC.problem(Failure.NOPROC.detail());
            default -> Failure.INTERNAL.problem(Failure.INTERNAL.detail());
        };
    }

    /** The query's parameters, each of ours given once: a repeated one would otherwise mean its first value. */
    private static Map<String, String> single(ServerRequest request) {
        for (String name : PARAMETERS) {
            if (request.params().getOrDefault(name, List.of()).size() > 1) {
                throw Failure.INVALID_REQUEST.exception("parameter '" + name + "' is given more than once");
            }
        }
        return request.params().toSingleValueMap();
    }

    /**
     * {@code management.server.base-path}: the management server's context path, which actuator's paths know
     * nothing of, so a panel's actions must be told it.
     */
    private static String serverBasePath(ServerRequest request) {
        return request.servletRequest().getContextPath();
    }

    /** The host name the page was asked for through, by its {@code Host} header as sent ({@link ActionHostNames}). */
    private static String hostAskedThrough(ServerRequest request) {
        return ActionHostNames.nameIn(request.servletRequest().getHeader(HttpHeaders.HOST));
    }

    /**
     * {@code body}'s value as JSON, or 406 as on the API port when the client accepts no JSON: a functional
     * route writes its body whatever Accept says, where a controller's answer is negotiated.
     */
    private static ServerResponse json(ServerRequest request, Supplier<Object> body) {
        if (!accepts(request, MediaType.APPLICATION_JSON)) {
            return notAcceptable(request, JSON);
        }
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).body(body.get());
    }

    /** 406 with the type the path gives, in Spring's words. */
    private static ServerResponse notAcceptable(ServerRequest request, String type) {
        return problem(request, Failure.NOT_ACCEPTABLE.problem("Acceptable representations: [" + type + "]."),
                HttpHeaders.ACCEPT, type);
    }

    /** No Accept header accepts anything; one Spring cannot parse accepts nothing, as on the API port. */
    private static boolean accepts(ServerRequest request, MediaType type) {
        try {
            return request.headers().header(HttpHeaders.ACCEPT).isEmpty()
                    || request.headers().accept().stream().anyMatch(type::isCompatibleWith);
        } catch (InvalidMediaTypeException unreadable) {
            return false;
        }
    }

    private static ServerResponse problem(ServerRequest request, ProblemDetail problem) {
        return ServerResponse.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(located(request, problem));
    }

    /** The problem, with the one header that says what the path does take ({@code Allow}, {@code Accept}). */
    private static ServerResponse problem(ServerRequest request, ProblemDetail problem, String header,
            String value) {
        return ServerResponse.status(problem.getStatus()).header(header, value)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(located(request, problem));
    }

    private static ProblemDetail located(ServerRequest request, ProblemDetail problem) {
        return located(request.servletRequest(), problem);
    }

    /**
     * The problem naming the request's path as its {@code instance}, as Spring's problems do: a functional route's
     * body is written as it is, where a controller's problem is given the path on the way out.
     */
    static ProblemDetail located(HttpServletRequest request, ProblemDetail problem) {
        if (problem.getInstance() == null) {
            problem.setInstance(Failure.instance(request.getRequestURI()));
        }
        return problem;
    }

    /** GET, and HEAD as every general-purpose server must (RFC 9110, 9.1): the container drops the body. */
    private static RequestPredicate read(String path) {
        return RequestPredicates.GET(path).or(RequestPredicates.HEAD(path));
    }
}
