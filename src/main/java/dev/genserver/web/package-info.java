/**
 * What every controller shares: RFC 9457 problem details with a stable machine-readable {@code error} property,
 * the mapping from runtime and domain failures to HTTP statuses, strict JSON reading, and the rules for keys and
 * names in paths.
 */
package dev.genserver.web;
