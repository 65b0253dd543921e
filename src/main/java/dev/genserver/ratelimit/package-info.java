/**
 * A token-bucket rate limiter: one process per key, started on first use and stopping itself when idle.
 * Implements the seed's "Next steps" 2 ("Implement rate limiter using GenServer") and the use case "Rate limiters".
 */
package dev.genserver.ratelimit;
