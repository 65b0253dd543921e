/**
 * Stacks: one process per stack, made on demand under a dynamic supervisor and registered under an opaque random id
 * (the guide's unnamed {@code start_link} form, addressed by pid, is the runtime's {@code ProcessRuntime.start}).
 * Implements the seed's section 2, "Stack Example (Complete GenServer)", served at {@code /api/stacks}.
 */
package dev.genserver.stack;
