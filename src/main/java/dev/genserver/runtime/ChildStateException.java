package dev.genserver.runtime;

import java.util.Locale;

/**
 * A supervisor refused a request about one child because of where that child stands: it has no such child
 * ({@code {:error, :not_found}}), the child is running ({@code {:error, :running}}), or a restart of it failed and
 * is to be tried again ({@code {:error, :restarting}}).
 */
public final class ChildStateException extends GenServerException {

    private static final long serialVersionUID = 1L;

    /** Where the child stands; {@link #error()} is its OTP atom. */
    public enum Problem {
        /** {@code :not_found}: the supervisor has no child with this id. */
        NOT_FOUND,
        /** {@code :running}: the child's process is running. */
        RUNNING,
        /** {@code :restarting}: a restart of the child failed and is to be tried again. */
        RESTARTING,
        /** {@code start_child} with the id of a child whose spec is kept but whose process is not running. */
        ALREADY_PRESENT
    }

    /** The id the refused request named. */
    private final String childId;
    /** Why the request was refused. */
    private final Problem problem;

    /**
     * A supervisor refused {@code start_child}, {@code restart_child} or {@code delete_child} for the child
     * {@code childId} because of {@code problem}.
     */
    ChildStateException(String childId, Problem problem) {
        super(describe(childId, problem));
        this.childId = childId;
        this.problem = problem;
    }

    /** The id the refused request named. */
    public String childId() {
        return childId;
    }

    /** Why the request was refused. */
    public Problem problem() {
        return problem;
    }

    /** {@code not_found}, {@code running}, {@code restarting} or {@code already_present}. */
    @Override
    public String error() {
        return problem.name().toLowerCase(Locale.ROOT);
    }

    private static String describe(String childId, Problem problem) {
        return switch (problem) {
            case NOT_FOUND -> "no child " + childId;
            case RUNNING -> "child " + childId + " is running";
            case RESTARTING -> "child " + childId + " is being restarted";
            case ALREADY_PRESENT -> "child " + childId + " is already present (not running): restart or delete it";
        };
    }
}
