/**
 * A job queue with backpressure at {@code /api/jobs}: a named singleton dispatching to short-lived, monitored worker
 * processes — the seed's use case "Job queues", its {@code handle_info({:DOWN, …})} and "Next steps" 5
 * (backpressure).
 */
package dev.genserver.jobs;
