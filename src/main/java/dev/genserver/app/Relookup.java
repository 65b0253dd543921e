package dev.genserver.app;

import dev.genserver.runtime.NoProcessException;
import java.util.function.Supplier;

/**
 * A message to a process found by name, sent again while the holder turns out gone ({@code noproc}). One that exited
 * between its lookup and the message (killed by an operator, or restarting under its supervisor) never saw the
 * message, so the name is looked up again: the message goes to the next incarnation, or the lookup says why there is
 * none (503 {@code unavailable} while it restarts); never a 404 {@code noproc} for a name that will be held again. A
 * name whose exit is still being announced may be found once more: a few yields let that exit finish.
 */
public final class Relookup {

    /** Holders in a row found gone by the time their message came, before the last {@code noproc} is thrown. */
    static final int ATTEMPTS = 100;

    private Relookup() {
    }

    /**
     * {@code lookupAndSend}, again while it fails {@code noproc}; it must look its process up each time.
     *
     * @throws NoProcessException the last one, after {@link #ATTEMPTS} in a row
     */
    public static <R> R untilHeld(Supplier<R> lookupAndSend) {
        for (int attempt = 1; ; attempt++) {
            try {
                return lookupAndSend.get();
            } catch (NoProcessException gone) {
                if (attempt == ATTEMPTS) {
                    throw gone;
                }
                Thread.yield();
            }
        }
    }
}
