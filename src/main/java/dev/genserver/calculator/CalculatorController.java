package dev.genserver.calculator;

import dev.genserver.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigInteger;
import java.util.Set;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The calculator over HTTP. The body is read as a tree and each operand must be a JSON integer literal: the
 * strict JSON settings read {@code 1e3} and {@code 7.0} as decimals (never as integers), so checking the node
 * kind refuses them along with {@code 7.5}, {@code "7"}, {@code true} and {@code null}.
 */
@RestController
@RequestMapping(path = "/api/calculator", produces = "application/json")
@Tag(name = "calculator")
class CalculatorController {

    private static final Set<String> FIELDS = Set.of("a", "b");

    private final Calculator calculator;
    private final int maxDigits;

    CalculatorController(Calculator calculator, CalculatorProperties properties) {
        this.calculator = calculator;
        this.maxDigits = properties.maxDigits();
    }

    @PostMapping("/divide")
    @Operation(summary = "Integer division truncating toward zero (call); 422 division_by_zero when b is 0")
    DivideResult divide(@RequestBody JsonNode body) {
        if (!body.isObject()) {
            throw ApiException.invalid("the body must be an object {\"a\": integer, \"b\": integer}");
        }
        for (String field : body.propertyNames()) {
            if (!FIELDS.contains(field)) {
                throw ApiException.invalid("unknown field '" + field + "'; expected only 'a' and 'b'");
            }
        }
        return new DivideResult(calculator.divide(operand(body, "a"), operand(body, "b")));
    }

    private BigInteger operand(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || !node.isIntegralNumber()) {
            throw ApiException.invalid("field '" + field + "' must be an integer");
        }
        BigInteger value = node.bigIntegerValue();
        if (value.abs().toString().length() > maxDigits) {
            throw ApiException.invalid("field '" + field + "' must have at most " + maxDigits + " digits");
        }
        return value;
    }
}
