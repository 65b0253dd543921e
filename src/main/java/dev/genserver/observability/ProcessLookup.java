package dev.genserver.observability;

import dev.genserver.app.ProcessTree;
import dev.genserver.runtime.NoProcessException;
import dev.genserver.runtime.Pid;
import dev.genserver.runtime.ProcessRuntime;
import dev.genserver.web.Failure;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.web.ErrorResponseException;

/**
 * Finds a living process by what an operator has at hand: its id ({@code 42}), a local name ({@code counter}) or a
 * registry name as displayed ({@code counters:foo}), looked up in the tree's registries
 * ({@link ProcessTree#registries()}). A redacted name ({@code stacks:<redacted>}) finds nothing;
 * the full name does, for whoever holds the id, and so does the process id.
 *
 * <p>Thread-safe.
 */
final class ProcessLookup {

    /**
     * Characters (code points, as the API counts a path key's): more than any registry name, a colon and a path
     * key of 256; anything longer is no name.
     */
    static final int MAX_LENGTH = 512;

    private static final Pattern ID = Pattern.compile("[0-9]{1,18}");

    private final ProcessTree tree;
    private final ProcessRuntime runtime;

    ProcessLookup(ProcessTree tree) {
        this.tree = tree;
        this.runtime = tree.runtime();
    }

    /**
     * The living process {@code idOrName} designates.
     *
     * @throws ErrorResponseException {@code invalid_key} if it is empty, too long or holds control characters
     * @throws NoProcessException  (404 {@code noproc}) if no living process answers to it
     */
    Pid require(String idOrName) {
        validate(idOrName);
        return find(idOrName).orElseThrow(() -> new NoProcessException("process"));
    }

    /** The living process {@code idOrName} designates, if any; no validation (for names the runtime printed). */
    Optional<Pid> find(String idOrName) {
        if (idOrName == null || idOrName.isEmpty()) {
            return Optional.empty();
        }
        if (ID.matcher(idOrName).matches()) {
            return runtime.find(Long.parseLong(idOrName)).filter(Pid::isAlive);
        }
        return runtime.whereis(idOrName).or(() -> inRegistry(idOrName)).filter(Pid::isAlive);
    }

    private Optional<Pid> inRegistry(String name) {
        int colon = name.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        String key = name.substring(colon + 1);
        String registry = name.substring(0, colon);
        return tree.registries().stream().filter(r -> r.name().equals(registry))
                .flatMap(r -> r.whereis(key).stream()).findFirst();
    }

    /** @throws ErrorResponseException {@code invalid_key} if {@code idOrName} is empty, too long or has controls */
    static void validate(String idOrName) {
        if (idOrName == null || idOrName.isEmpty() || idOrName.codePointCount(0, idOrName.length()) > MAX_LENGTH) {
            throw invalid("must be 1 to " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < idOrName.length(); i++) {
            if (Character.isISOControl(idOrName.charAt(i))) {
                throw invalid("must not contain control characters");
            }
        }
    }

    private static ErrorResponseException invalid(String problem) {
        return Failure.INVALID_KEY.exception("a process id or name " + problem);
    }
}
