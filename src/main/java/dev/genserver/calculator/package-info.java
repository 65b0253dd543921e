/**
 * A calculator singleton whose division by zero is an answer, not a crash.
 * Implements the seed's pitfall "Not Handling Crashes Properly" ({@code {:error, :division_by_zero}}).
 */
package dev.genserver.calculator;
