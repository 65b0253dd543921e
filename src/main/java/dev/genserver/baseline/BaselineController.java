package dev.genserver.baseline;

import io.swagger.v3.oas.annotations.Hidden;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/counter/increment} without the process: an atomic counter behind the same kind of controller,
 * so the difference between the two is what the process layer costs over Tomcat and Spring MVC. The async
 * variant answers an already completed future, which still goes through Spring MVC's async dispatch: the cost
 * an async controller would add. Hidden from the API documentation; it exists only for measuring.
 */
@RestController
@RequestMapping(path = "/api/baseline", produces = "application/json")
@ConditionalOnProperty(name = "genserver.baseline.enabled", havingValue = "true")
@Hidden
class BaselineController {

    private final AtomicLong count = new AtomicLong();

    @PostMapping("/increment")
    BaselineValue increment() {
        return new BaselineValue(count.incrementAndGet());
    }

    @PostMapping("/increment-async")
    CompletableFuture<BaselineValue> incrementAsync() {
        return CompletableFuture.completedFuture(new BaselineValue(count.incrementAndGet()));
    }
}
