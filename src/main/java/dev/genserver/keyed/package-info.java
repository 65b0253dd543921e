/**
 * Keyed processes: the one seam through which services reach their processes by key, "the process for this key,
 * started on first use under this supervisor" (the seed's "Named vs Unnamed": {@code {:via, Registry, …}}).
 */
package dev.genserver.keyed;
