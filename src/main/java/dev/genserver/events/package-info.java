/**
 * An event log with all-time statistics, a named singleton fed by casts at {@code /api/events}: the seed's
 * section 6 {@code handle_cast({:log_event, event}, state)} and the use cases "Event logging" and "Statistics
 * tracking".
 */
package dev.genserver.events;
