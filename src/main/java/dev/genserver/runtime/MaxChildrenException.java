package dev.genserver.runtime;

/** A {@link DynamicSupervisor} is at its {@code maxChildren} bound: {@code {:error, :max_children}}. */
public final class MaxChildrenException extends GenServerException {

    private static final long serialVersionUID = 1L;

    /** The bound the supervisor is at. */
    private final int maxChildren;

    /** {@code start_child} on {@code supervisor} (its pid or name), which already has {@code maxChildren} children. */
    public MaxChildrenException(String supervisor, int maxChildren) {
        super("supervisor " + supervisor + " already has its maximum of " + maxChildren + " children");
        this.maxChildren = maxChildren;
    }

    /** The bound the supervisor is at. */
    public int maxChildren() {
        return maxChildren;
    }

    @Override
    public String error() {
        return "max_children";
    }
}
