package dev.genserver.calculator;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code genserver.calculator.*}.
 *
 * @param maxDigits the most decimal digits an operand may have (sign not counted). It cannot exceed 1,000, the
 *                  JSON reader's limit on number length, which refuses longer numbers before they reach us.
 */
@Validated
@ConfigurationProperties("genserver.calculator")
record CalculatorProperties(@DefaultValue("1000") @Min(1) @Max(1000) int maxDigits) {
}
