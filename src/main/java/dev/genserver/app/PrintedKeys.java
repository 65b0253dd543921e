package dev.genserver.app;

/**
 * Which registries' keys may be printed, in the runtime's logs and messages as in the processes endpoint; the
 * others' keys are capabilities or identities (a stack's or store's id is the capability to use it) and are redacted.
 * The operator's setting lives with observability ({@code genserver.observability.public-registries}), which provides
 * this; the process tree asks it, so that the tree does not depend on the package that watches it.
 */
@FunctionalInterface
public interface PrintedKeys {

    /** Whether the keys of the registry named {@code registry} may be printed. */
    boolean of(String registry);
}
