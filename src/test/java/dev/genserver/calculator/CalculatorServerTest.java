package dev.genserver.calculator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.runtime.Pid;
import dev.genserver.runtime.ProcessRuntime;
import java.math.BigInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CalculatorServerTest {

    private final ProcessRuntime runtime = ProcessRuntime.create();
    private final Pid calculator = runtime.start(new CalculatorServer());

    @AfterEach
    void close() {
        runtime.close();
    }

    @Test
    void divide_truncatesTowardZero_likeElixirDiv() {
        assertThat(divide(7, 2)).isEqualTo(ok(3));
        assertThat(divide(-7, 2)).isEqualTo(ok(-3));
        assertThat(divide(7, -2)).isEqualTo(ok(-3));
        assertThat(divide(-7, -2)).isEqualTo(ok(3));
        assertThat(divide(0, 5)).isEqualTo(ok(0));
    }

    @Test
    void divide_hasNoOverflow() {
        BigInteger min = BigInteger.valueOf(Long.MIN_VALUE);

        Quotient quotient = calculator.call(new CalculatorServer.Divide(min, BigInteger.ONE.negate()));

        assertThat(quotient).isEqualTo(new Quotient.Ok(new BigInteger("9223372036854775808")));
    }

    @Test
    void divideByZero_isAnAnswer_andTheProcessKeepsRunning() {
        assertThat(divide(7, 0)).isSameAs(Quotient.DivisionByZero.INSTANCE);

        assertThat(calculator.isAlive()).isTrue();
        assertThat(divide(8, 2)).isEqualTo(ok(4));
    }

    private Quotient divide(long a, long b) {
        return calculator.call(new CalculatorServer.Divide(BigInteger.valueOf(a), BigInteger.valueOf(b)));
    }

    private static Quotient ok(long result) {
        return new Quotient.Ok(BigInteger.valueOf(result));
    }
}
