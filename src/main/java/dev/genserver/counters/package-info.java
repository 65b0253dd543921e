/**
 * Named counters: one counter process per name, started on first use under a dynamic supervisor and registered
 * in a {@code Registry}. Implements the seed's "Named vs Unnamed GenServers" variation
 * ({@code name: {:via, Registry, {MyRegistry, key}}}), served at {@code /api/counters}.
 */
package dev.genserver.counters;
