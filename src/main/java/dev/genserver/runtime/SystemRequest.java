package dev.genserver.runtime;

import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/**
 * A request from the {@code sys} module, handled by the process itself between two messages: OTP's
 * {@code {system, From, Msg}}. It travels in a {@link Envelope#SYSTEM} envelope; {@link ProcessRuntime} is its
 * public face.
 */
sealed interface SystemRequest {

    /** {@code :sys.get_status} and {@code :sys.get_state}: answers with what {@code read} makes of the state. */
    record Read(BiFunction<GenServer<Object>, Object, Object> read) implements SystemRequest { }

    /** {@code :sys.replace_state}: the state becomes what {@code function} makes of it, which is the answer. */
    record Replace(UnaryOperator<Object> function) implements SystemRequest { }

    /** {@code :sys.suspend}: from now on the process handles system messages only. */
    record Suspend() implements SystemRequest { }

    /** {@code :sys.resume}: the process handles what it kept aside while suspended, then goes on as before. */
    record Resume() implements SystemRequest { }
}
