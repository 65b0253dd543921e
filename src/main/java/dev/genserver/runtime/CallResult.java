package dev.genserver.runtime;

/**
 * What {@link GenServer#handleCall} returns: {@link Reply}, {@link StopReply}, or any {@link Result}
 * ({@link NoReply} to answer later through {@link From}, {@link Stop} to stop without answering).
 *
 * <p>Every form carries the next state explicitly, so the common GenServer pitfall of forgetting to update the
 * state shows up as the state argument a reader can see, not as a silently discarded computation.
 *
 * @param <S> the server's state type
 */
public sealed interface CallResult<S> permits Reply, StopReply, Result {

    /** The state the process continues with (or terminates with). */
    S state();
}
