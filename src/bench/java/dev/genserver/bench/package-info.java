/**
 * Benchmarks of the process runtime against its baselines, run side by side (issue 6, docs/performance.md):
 * JMH benchmarks of calls, casts and calls next to blocked handlers, and the {@link ScaleBenchmark} and
 * {@link ChunkPinningBenchmark} mains.
 * Built only by the Maven profile {@code bench}.
 */
package dev.genserver.bench;
