/**
 * Stacks: one unnamed process per stack, made on demand under a dynamic supervisor and addressed by an opaque id.
 * Implements the seed's section 2, "Stack Example (Complete GenServer)", served at {@code /api/stacks}.
 */
package dev.genserver.stack;
