package dev.genserver.calculator;

import java.math.BigInteger;

/** {@code {"result": n}}: an integer of any size, written as a JSON number. */
record DivideResult(BigInteger result) {
}
