package dev.genserver.calculator;

import static dev.genserver.app.Refusal.Reason.DIVISION_BY_ZERO;

import dev.genserver.app.Refusal;
import dev.genserver.app.Singleton;
import dev.genserver.keyed.ProcessDirectory;
import dev.genserver.runtime.Name;
import java.math.BigInteger;
import org.springframework.stereotype.Component;

/**
 * The calculator's client API: a permanent child of the root supervisor registered as {@code calculator}.
 *
 * <p>Thread-safe: every method is a message to the calculator process.
 */
@Component
public class Calculator {

    static final Name NAME = Name.local("calculator");

    private final Singleton process;

    Calculator(ProcessDirectory directory) {
        this.process = directory.singleton(NAME.toString(), null, CalculatorServer::new);
    }

    /**
     * {@code div(a, b)}, truncating toward zero (a call).
     *
     * @throws Refusal {@code division_by_zero} when {@code b} is zero; the process keeps running
     */
    public BigInteger divide(BigInteger a, BigInteger b) {
        return switch (process.call(new CalculatorServer.Divide(a, b))) {
            case Quotient.Ok ok -> ok.result();
            case Quotient.DivisionByZero zero ->
                    throw new Refusal(DIVISION_BY_ZERO, "b must not be 0");
        };
    }
}
