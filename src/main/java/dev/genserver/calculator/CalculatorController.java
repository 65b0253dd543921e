package dev.genserver.calculator;

import static dev.genserver.web.Sends.Message.CALL;
import static dev.genserver.web.Sends.Recipient.SINGLETON;

import dev.genserver.web.Failure;
import dev.genserver.web.Sends;
import dev.genserver.web.Sends.Problem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.SchemaProperty;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigInteger;
import java.util.Locale;
import java.util.Set;
import org.springframework.http.MediaType;
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
@Tag(name = "calculator", description = "The seed's pitfall \"Not Handling Crashes Properly\": a named "
        + "calculator whose division by zero is the answer {:error, :division_by_zero}, not a crash")
class CalculatorController implements Sends.Settings {

    private static final Set<String> FIELDS = Set.of("a", "b");
    /** Of the limit, then the field; the document shows the dividend's, with this instance's limit. */
    private static final String DIGITS = "field '%2$s' must have at most %1$d digits";

    private final Calculator calculator;
    private final int maxDigits;

    CalculatorController(Calculator calculator, CalculatorProperties properties) {
        this.calculator = calculator;
        this.maxDigits = properties.maxDigits();
    }

    @Override
    public Object[] detailArguments() {
        return new Object[] {maxDigits, "a"};
    }

    @PostMapping(path = "/divide", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Integer division truncating toward zero (call); 422 division_by_zero when b is 0",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    schema = @Schema(type = "object", requiredProperties = {"a", "b"}),
                    schemaProperties = {
                        @SchemaProperty(name = "a", schema = @Schema(type = "integer", example = "7",
                                description = "The dividend: a JSON integer literal of up to max-digits digits")),
                        @SchemaProperty(name = "b", schema = @Schema(type = "integer", example = "2",
                                description = "The divisor: a JSON integer literal; 0 is answered 422"))})))
    @Sends(value = CALL, to = SINGLETON, problems = {
            @Problem(value = Failure.DIVISION_BY_ZERO, detail = "b must not be 0"),
            @Problem(value = Failure.INVALID_JSON, detail = "field 'a' must be an integer"),
            @Problem(value = Failure.INVALID_REQUEST, detail = DIGITS)})
    DivideResult divide(@RequestBody JsonNode body) {
        if (!body.isObject()) {
            throw Failure.INVALID_JSON.exception("the body must be an object {\"a\": integer, \"b\": integer}");
        }
        for (String field : body.propertyNames()) {
            if (!FIELDS.contains(field)) {
                throw Failure.INVALID_JSON.exception(Failure.unknownField("the request body", FIELDS));
            }
        }
        return new DivideResult(calculator.divide(operand(body, "a"), operand(body, "b")));
    }

    private BigInteger operand(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null) {
            throw Failure.INVALID_JSON.exception("field '" + field + "' is missing: it must be an integer");
        }
        if (!node.isIntegralNumber()) {
            throw Failure.INVALID_JSON.exception("field '" + field + "' must be an integer");
        }
        BigInteger value = node.bigIntegerValue();
        if (value.abs().toString().length() > maxDigits) {
            throw Failure.INVALID_REQUEST.exception(String.format(Locale.ROOT, DIGITS, maxDigits, field));
        }
        return value;
    }
}
