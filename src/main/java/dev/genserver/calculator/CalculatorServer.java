package dev.genserver.calculator;

import dev.genserver.runtime.Call;
import dev.genserver.runtime.CallResult;
import dev.genserver.runtime.From;
import dev.genserver.runtime.GenServer;
import dev.genserver.runtime.Init;
import java.math.BigInteger;
import java.util.Map;

/**
 * The seed's divide, done the way its pitfall "Not Handling Crashes Properly" recommends.
 *
 * <pre>{@code
 * def handle_call({:divide, a, b}, _from, state) do         case Divide d -> d.reply(divide(d), state);
 *   case b do
 *     0 -> {:reply, {:error, :division_by_zero}, state}      b == 0 -> Quotient.DivisionByZero.INSTANCE
 *     _ -> {:reply, {:ok, div(a, b)}, state}                 else   -> new Quotient.Ok(a.divide(b))
 *   end
 * end
 * }</pre>
 *
 * <p>Why a return value and not {@code a.divide(b)} letting {@link ArithmeticException} fly: an exception in a
 * callback crashes the process (as {@code div(a, 0)} does in Elixir). The caller would get a 500 {@code exit}
 * instead of an answer it can act on, the supervisor would restart the calculator, and every request queued
 * behind the bad one would fail with it; enough zeros in a row would exhaust the root supervisor's restart
 * intensity. A zero divisor is a client's mistake, so it is an answer: 422 {@code division_by_zero}, and the
 * process keeps running.
 *
 * <p>{@link BigInteger#divide} truncates toward zero, exactly as Elixir's {@code div/2} ({@code -7 / 2} is
 * {@code -3}), and integers have no size limit here as in Elixir ({@code Long.MIN_VALUE / -1} does not overflow).
 * The state is unused: the process exists to show the pitfall, not to remember anything.
 */
final class CalculatorServer implements GenServer<CalculatorServer.Stateless> {

    /** There is nothing to remember. */
    enum Stateless { INSTANCE }

    /** {@code {:divide, a, b}}. */
    record Divide(BigInteger a, BigInteger b) implements Call<Quotient> { }

    @Override
    public Init<Stateless> init() {
        return Init.ok(Stateless.INSTANCE);
    }

    @Override
    public CallResult<Stateless> handleCall(Call<?> request, From from, Stateless state) {
        return switch (request) {
            case Divide divide -> divide.reply(divide.b().signum() == 0
                    ? Quotient.DivisionByZero.INSTANCE
                    : new Quotient.Ok(divide.a().divide(divide.b())), state);
            default -> GenServer.super.handleCall(request, from, state);
        };
    }

    /** Says there is no state rather than showing the marker's name. */
    @Override
    public Object formatStatus(Stateless state) {
        return Map.of("stateless", true);
    }
}
