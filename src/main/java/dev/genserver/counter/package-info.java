/**
 * The seed's section 1, "Basic GenServer Structure": a named counter singleton with {@code increment} and
 * {@code get_value} as calls and {@code reset} as a cast, served at {@code /api/counter}.
 */
package dev.genserver.counter;
