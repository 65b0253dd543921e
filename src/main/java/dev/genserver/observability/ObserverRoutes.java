package dev.genserver.observability;

import dev.genserver.runtime.GenServerException;
import dev.genserver.runtime.NoProcessException;
import dev.genserver.web.Failure;
import java.util.Map;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponse;
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
 * GET /observer                          the page
 * GET /observer/api/overview             {@link Overview}
 * GET /observer/api/tree                 {@link TreeNode}, the root
 * GET /observer/api/processes?sort=&amp;service=&amp;name=&amp;supervisor=&amp;offset=&amp;after=&amp;limit=   {@link ProcessTablePage}
 * GET /observer/api/processes/{idOrName} {@link ProcessPanel}
 * GET /observer/api/members              [{@link Members.Member}]
 * GET /observer/stream?view=overview|tree|processes|process|members&amp;…   the view, as Server-Sent Events
 * </pre>
 * Actions on a process are the processes endpoint's ({@code DELETE /actuator/processes/{id}}, …), behind the
 * same switch.
 */
final class ObserverRoutes {

    private ObserverRoutes() {
    }

    static RouterFunction<ServerResponse> routes(Observer observer, ObserverStreams streams) {
        ClassPathResource page = new ClassPathResource("observer/index.html");
        return RouterFunctions.route()
                .GET("/observer", request -> ServerResponse.ok().contentType(MediaType.TEXT_HTML)
                        .cacheControl(CacheControl.noStore()).body(page))
                .GET("/observer/api/overview", request -> json(observer.overview()))
                .GET("/observer/api/tree", request -> json(observer.tree()))
                .GET("/observer/api/processes", request -> json(observer.processes(query(request))))
                .GET("/observer/api/processes/{idOrName}",
                        request -> json(observer.process(request.pathVariable("idOrName"))))
                .GET("/observer/api/members", request -> json(observer.members()))
                .GET("/observer/stream", request -> streams.open(view(observer, request), request.servletRequest()))
                .onError(ErrorResponse.class::isInstance, (failure, request) -> problem(
                        ((ErrorResponse) failure).getBody()))
                .onError(GenServerException.class, (failure, request) -> problem(problem(failure)))
                .build();
    }

    /** The view a stream carries, from the same parameters as the corresponding {@code /observer/api/…}. */
    static ObserverStreams.View view(Observer observer, ServerRequest request) {
        String view = request.param("view").orElse("overview");
        return switch (view) {
            case "overview" -> new ObserverStreams.View(view, view, observer::overview);
            case "tree" -> new ObserverStreams.View(view, view, observer::tree);
            case "members" -> new ObserverStreams.View(view, view, observer::members);
            case "processes" -> {
                TableQuery query = query(request);
                yield new ObserverStreams.View(view, query.toString(), () -> observer.processes(query));
            }
            case "process" -> {
                String id = request.param("id").orElseThrow(
                        () -> Failure.INVALID_REQUEST.exception("view=process needs id"));
                yield new ObserverStreams.View(view, view + ":" + id, () -> observer.process(id));
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

    private static TableQuery query(ServerRequest request) {
        Map<String, String> parameters = request.params().toSingleValueMap();
        return TableParameters.parse(parameters);
    }

    private static ServerResponse json(Object body) {
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).cacheControl(CacheControl.noStore())
                .body(body);
    }

    private static ServerResponse problem(ProblemDetail problem) {
        return ServerResponse.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
