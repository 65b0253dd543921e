/**
 * Circuit breakers: one process per name moving between closed, open and half_open, driven by reports and timers.
 * Implements the seed's use case "Circuit breakers" with its {@code Process.send_after} / {@code handle_info} timers.
 */
package dev.genserver.breaker;
