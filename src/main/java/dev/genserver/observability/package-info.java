/**
 * Supervision visibility for operators: the {@code supervision} health contributor, the {@code processes}
 * actuator endpoint (the seed's {@code :sys} debugging and the Erlang observer's process list over HTTP), and the
 * observer page on the management port ({@code /observer}: the tree, the processes and the members, live).
 */
package dev.genserver.observability;
