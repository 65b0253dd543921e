/**
 * Safe retries: an {@code Idempotency-Key} header on any write under {@code /api} makes a repeat of the same request
 * answer what the first one answered, without applying it again (draft-ietf-httpapi-idempotency-key-header).
 * Implements item 5 of the cluster-mode issue, "Retries are safe": the store is the seam, in memory on one
 * instance ({@link dev.genserver.idempotency.InMemoryIdempotencyStore}) and a replicated map in cluster mode
 * ({@code cluster.ReplicatedIdempotencyStore}).
 */
package dev.genserver.idempotency;
