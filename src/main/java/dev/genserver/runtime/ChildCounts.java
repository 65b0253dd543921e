package dev.genserver.runtime;

/**
 * How many children a supervisor has, by kind ({@code Supervisor.count_children/1}).
 *
 * <pre>{@code
 * %{specs: 3, active: 2,                  new ChildCounts(3, 2, 1, 2)
 *   supervisors: 1, workers: 2}
 * }</pre>
 *
 * @param specs       children the supervisor knows, running or not
 * @param active      children whose process is running
 * @param supervisors children of type supervisor, running or not
 * @param workers     children of type worker, running or not
 */
public record ChildCounts(int specs, int active, int supervisors, int workers) { }
