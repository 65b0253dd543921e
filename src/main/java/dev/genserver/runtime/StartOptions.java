package dev.genserver.runtime;

import java.util.Objects;
import java.util.Optional;

/**
 * How to start one process: its name, service label, mailbox bound, and the process it is linked to. Immutable;
 * each {@code with…} returns a copy and validates its argument at once.
 *
 * <pre>{@code
 * GenServer.start_link(Counter, 10, name: Counter)   runtime.start(new CounterServer(10),
 *                                                        StartOptions.named(Name.local("counter")))
 * }</pre>
 *
 * @param name            the registered name, or empty for an unnamed process
 * @param service         a label for introspection and metrics (e.g. {@code "stack"}); empty means the server's
 *                        class name
 * @param mailboxCapacity the mailbox bound, or 0 for the runtime's default
 * @param link            the process to link to (a supervisor), or null
 * @param trapExits       whether exits of linked processes arrive as {@link Exit} messages instead of killing
 * @param restarts        how often the supervisor has restarted this child (shown by introspection)
 */
public record StartOptions(Optional<Name> name, String service, int mailboxCapacity, Pid link, boolean trapExits,
                           int restarts) {

    /** No name, no link, the runtime's defaults. */
    public static final StartOptions DEFAULTS = new StartOptions(Optional.empty(), "", 0, null, false, 0);

    public StartOptions {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(service, "service");
        if (mailboxCapacity < 0) {
            throw new IllegalArgumentException("mailboxCapacity must be >= 0 (0 = default): " + mailboxCapacity);
        }
        if (restarts < 0) {
            throw new IllegalArgumentException("restarts must be >= 0: " + restarts);
        }
    }

    /** Default options with a registered name. */
    public static StartOptions named(Name name) {
        return DEFAULTS.withName(name);
    }

    public StartOptions withName(Name name) {
        return new StartOptions(Optional.of(Objects.requireNonNull(name, "name")), service, mailboxCapacity, link,
                trapExits, restarts);
    }

    public StartOptions withService(String service) {
        return new StartOptions(name, service, mailboxCapacity, link, trapExits, restarts);
    }

    public StartOptions withMailboxCapacity(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("mailbox capacity must be >= 1: " + capacity);
        }
        return new StartOptions(name, service, capacity, link, trapExits, restarts);
    }

    public StartOptions withLink(Pid link) {
        return new StartOptions(name, service, mailboxCapacity, Objects.requireNonNull(link, "link"), trapExits,
                restarts);
    }

    public StartOptions withTrapExits(boolean trapExits) {
        return new StartOptions(name, service, mailboxCapacity, link, trapExits, restarts);
    }

    public StartOptions withRestarts(int restarts) {
        return new StartOptions(name, service, mailboxCapacity, link, trapExits, restarts);
    }
}
