package dev.genserver.web;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Boot's {@code /error}, for failures outside Spring MVC (a filter, the container), as problem+json like every
 * other error instead of Boot's legacy error map. Requested directly, as any other unknown path, it is 404: it
 * is an error page, not an endpoint (Boot's own answers 500 there).
 */
@Hidden
@RestController
class ProblemErrorController implements ErrorController {

    @RequestMapping("${server.error.path:${error.path:/error}}")
    ResponseEntity<Object> error(HttpServletRequest request) {
        return answer(request);
    }

    /** The answer to the error page; the management port's {@link ErrorPageFilter} gives the same. */
    static ResponseEntity<Object> answer(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer value ? value : code == null ? 404 : 500;
        return Failure.answer(Failure.frameworkProblem(status), false);
    }
}
