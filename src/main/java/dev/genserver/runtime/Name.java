package dev.genserver.runtime;

import java.util.Objects;

/**
 * A registered name, unique within its registry:
 * <pre>{@code
 * name: __MODULE__                              Name.local("counter")
 * name: {:via, Registry, {MyRegistry, key}}     Name.via(myRegistry, key)
 * }</pre>
 */
public sealed interface Name {

    /** A name in the runtime's own registry, OTP's locally registered atom. */
    static Name local(String name) {
        return new Local(name);
    }

    /** A key in a {@link Registry}, Elixir's {@code {:via, Registry, {MyRegistry, key}}}. */
    static Name via(Registry registry, Object key) {
        return new Via(registry, key);
    }

    /** See {@link #local(String)}. */
    record Local(String name) implements Name {
        /**
         * Checks that the name is given and not empty.
         *
         * @throws NullPointerException     if {@code name} is null
         * @throws IllegalArgumentException if {@code name} is empty
         */
        public Local {
            Objects.requireNonNull(name, "name");
            if (name.isEmpty()) {
                throw new IllegalArgumentException("a process name must not be empty");
            }
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** See {@link #via(Registry, Object)}. */
    record Via(Registry registry, Object key) implements Name {
        /**
         * Checks that the registry and the key are given.
         *
         * @throws NullPointerException if {@code registry} or {@code key} is null
         */
        public Via {
            Objects.requireNonNull(registry, "registry");
            Objects.requireNonNull(key, "key");
        }

        /** {@code registry:key}, or {@code registry:<redacted>} in a registry whose keys are secrets. */
        @Override
        public String toString() {
            return registry.name() + ":" + (registry.redactsKeys() ? "<redacted>" : key);
        }
    }
}
