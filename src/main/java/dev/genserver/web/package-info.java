/**
 * What every controller shares: RFC 9457 problem details with a stable {@code error} property (the table of
 * failures, the advice, the request guard), strict JSON, the rule for keys in paths and the OpenAPI document.
 */
package dev.genserver.web;
