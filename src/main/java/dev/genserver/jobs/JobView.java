package dev.genserver.jobs;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code {"id", "status", "error"?}}.
 *
 * @param id     128 random bits, URL-safe Base64 without padding
 * @param status {@code queued}, {@code running}, {@code succeeded} or {@code failed}
 * @param error  why a failed job failed; absent otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record JobView(String id, String status, String error) {
}
