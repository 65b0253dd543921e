package dev.genserver.web;

import dev.genserver.web.OperationProblems.DocumentedProblem;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.method.HandlerMethod;

/**
 * Adds to every service operation the problem+json answers it can give ({@link OperationProblems}), one
 * response per status with an example body per {@code error}, all sharing the {@code Problem} schema, and gives
 * it a readable operation id ({@code stacksPop}) instead of springdoc's {@code pop_1}.
 */
final class ProblemResponsesCustomizer implements OperationCustomizer {

    static final String PROBLEM_JSON = org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;
    static final String PROBLEM_SCHEMA = "#/components/schemas/Problem";

    private final OperationProblems problems;

    ProblemResponsesCustomizer(OperationProblems problems) {
        this.problems = problems;
    }

    @Override
    public Operation customize(Operation operation, HandlerMethod handler) {
        if (!handler.getBeanType().getPackageName().startsWith("dev.genserver.")) {
            return operation;
        }
        List<String> tags = operation.getTags();
        String service = tags == null || tags.isEmpty() ? "the service" : tags.getFirst();
        Map<Integer, List<DocumentedProblem>> byStatus = new TreeMap<>();
        for (DocumentedProblem problem : problems.of(handler, service)) {
            byStatus.computeIfAbsent(problem.failure().status().value(), status -> new ArrayList<>()).add(problem);
        }
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        operation.setOperationId(operationId(service, handler));
        String path = examplePath(handler);
        byStatus.forEach((status, problems) -> responses.addApiResponse(status.toString(), response(problems, path)));
        operation.setResponses(sortedByStatus(responses));
        return operation;
    }

    private static ApiResponse response(List<DocumentedProblem> problems, String path) {
        MediaType media = new MediaType().schema(new Schema<>().$ref(PROBLEM_SCHEMA));
        ApiResponse response = new ApiResponse().content(new Content().addMediaType(PROBLEM_JSON, media));
        for (DocumentedProblem problem : problems) {
            if (media.getExamples() == null || !media.getExamples().containsKey(problem.failure().error())) {
                String error = problem.failure().error();
                media.addExamples(error, new Example().summary(error).value(body(problem, path)));
            }
            problem.headers().forEach(name -> response.addHeaderObject(name,
                    new Header().$ref("#/components/headers/" + name)));
        }
        return response.description(problems.getFirst().failure().status().getReasonPhrase() + problems.stream()
                .map(problem -> "\n- `" + problem.failure().error() + "`: " + problem.meaning())
                .collect(Collectors.joining()));
    }

    /** The body as the service writes it: Jackson sorts the standard fields, then {@code error}. */
    private static Map<String, Object> body(DocumentedProblem problem, String path) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("detail", problem.detail());
        body.put("instance", path);
        body.put("status", problem.failure().status().value());
        body.put("title", problem.failure().status().getReasonPhrase());
        body.put("error", problem.failure().error());
        return body;
    }

    /** {@code stacksPop}, {@code kvGet}: unique (one controller per tag), and stable for deep links and clients. */
    private static String operationId(String service, HandlerMethod handler) {
        StringBuilder id = new StringBuilder();
        for (String word : (service + " " + handler.getMethod().getName()).split("[^A-Za-z0-9]+")) {
            if (!word.isEmpty()) {
                id.append(id.isEmpty() ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1));
            }
        }
        return id.toString();
    }

    /** The handler's path with each {@code {variable}} filled in, for the examples' {@code instance}. */
    private static String examplePath(HandlerMethod handler) {
        return (firstPath(AnnotatedElementUtils.findMergedAnnotation(handler.getBeanType(), RequestMapping.class))
                + firstPath(handler.getMethodAnnotation(RequestMapping.class)))
                .replaceAll("\\{[^}]+}", "example");
    }

    private static String firstPath(RequestMapping mapping) {
        return mapping == null || mapping.path().length == 0 ? "" : mapping.path()[0];
    }

    /** Sorted by status; referenced headers lose the {@code style} springdoc adds beside a {@code $ref}. */
    private static ApiResponses sortedByStatus(ApiResponses responses) {
        ApiResponses sorted = new ApiResponses();
        new TreeMap<>(responses).forEach(sorted::addApiResponse);
        sorted.values().stream().filter(response -> response.getHeaders() != null)
                .flatMap(response -> response.getHeaders().values().stream())
                .filter(header -> header.get$ref() != null)
                .forEach(header -> header.setStyle(null));
        sorted.setExtensions(responses.getExtensions());
        return sorted;
    }
}
