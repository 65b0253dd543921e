/**
 * A bare Spring MVC endpoint of the counter's shape, with no process behind it: the baseline the HTTP benchmark
 * (src/test/perf/http.sh, docs/performance.md) compares the counter against. Off unless
 * {@code genserver.baseline.enabled=true}.
 */
package dev.genserver.baseline;
