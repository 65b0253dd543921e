package dev.genserver.calculator;

import java.math.BigInteger;

/** The answer to a division: the seed's {@code {:ok, result}} or {@code {:error, :division_by_zero}}. */
sealed interface Quotient {

    /** {@code {:ok, div(a, b)}}. */
    record Ok(BigInteger result) implements Quotient { }

    /** {@code {:error, :division_by_zero}}. */
    enum DivisionByZero implements Quotient { INSTANCE }
}
