package dev.genserver.runtime;

/** A {@link DynamicSupervisor} is at its {@code maxChildren} bound: {@code {:error, :max_children}}. */
public final class MaxChildrenException extends GenServerException {

    private static final long serialVersionUID = 1L;

    private final int maxChildren;

    public MaxChildrenException(String supervisor, int maxChildren) {
        super("supervisor " + supervisor + " already has its maximum of " + maxChildren + " children");
        this.maxChildren = maxChildren;
    }

    public int maxChildren() {
        return maxChildren;
    }

    @Override
    public String error() {
        return "max_children";
    }
}
