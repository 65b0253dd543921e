package dev.genserver.runtime;

import java.time.Duration;

/**
 * A supervisor's health as an operator sees it: its strategy, how many children it has and how close it is to
 * giving up.
 *
 * @param strategy         the restart strategy ({@code one_for_one}, … for dynamic supervisors too)
 * @param children         children alive now
 * @param restartsInWindow restarts within the current intensity period
 * @param maxRestarts      the intensity bound
 * @param period           the intensity period
 */
public record SupervisorStats(String strategy, int children, int restartsInWindow, int maxRestarts,
                              Duration period) { }
