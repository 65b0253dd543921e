package dev.genserver.runtime;

/** How a {@link Supervisor} restarts when one child exits. */
public enum Strategy {
    /** Restart only the child that exited. */
    ONE_FOR_ONE,
    /** Stop all other children (in reverse start order), then restart all: for children that share state. */
    ONE_FOR_ALL,
    /** Stop the children started after the one that exited, then restart it and them: for dependency chains. */
    REST_FOR_ONE
}
