/**
 * Key-value stores made on demand, one process per store under a dynamic supervisor, served at {@code /api/kv}.
 * Implements the seed's section 3, "Key-Value Store with Error Handling" ({@code start_link(opts)} processes).
 */
package dev.genserver.kv;
