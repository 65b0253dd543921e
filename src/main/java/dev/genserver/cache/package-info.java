/**
 * The seed's section 5, "State Initialization with Arguments" ({@code ConfigurableCache}), grown into its first
 * "next step": a named cache singleton with TTL and O(1) LRU eviction, served at {@code /api/cache}.
 */
package dev.genserver.cache;
