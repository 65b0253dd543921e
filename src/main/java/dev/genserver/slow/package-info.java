/**
 * Slow operations at {@code /api/slow-operations}: a named singleton that hands each operation to a timer and
 * replies later through {@code from}, the seed's "Early Return and Async Reply" and its pitfall "Blocking the
 * GenServer".
 */
package dev.genserver.slow;
