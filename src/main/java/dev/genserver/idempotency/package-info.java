/**
 * Safe retries: an {@code Idempotency-Key} header on any write under {@code /api} makes a repeat of the same request
 * answer what the first one answered, without applying it again (draft-ietf-httpapi-idempotency-key-header).
 * Implements item 5 of the cluster-mode issue, "Retries are safe", for one instance; the store is the seam.
 */
package dev.genserver.idempotency;
