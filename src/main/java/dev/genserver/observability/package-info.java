/**
 * Supervision visibility for operators: the {@code supervision} health contributor and the {@code processes}
 * actuator endpoint, the seed's {@code :sys} debugging and the Erlang observer's process list over HTTP.
 */
package dev.genserver.observability;
