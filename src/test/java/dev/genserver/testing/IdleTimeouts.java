package dev.genserver.testing;

import dev.genserver.runtime.Init;
import dev.genserver.runtime.NoReply;
import dev.genserver.runtime.Reply;
import dev.genserver.runtime.Stop;

/**
 * What a module's callback result asks for after it: a server with a rolling idle timeout returns it from every
 * callback (OTP's {@code {:reply, r, s, timeout}}), since a result without one cancels it.
 */
public final class IdleTimeouts {

    private IdleTimeouts() {
    }

    /** The {@code Next} of an init, reply or noreply result; a stop has none, and fails here. */
    public static Object nextOf(Object result) {
        return switch (result) {
            case Init.Ok<?> ok -> ok.next();
            case Reply<?> reply -> reply.next();
            case NoReply<?> noreply -> noreply.next();
            case Stop<?> stop -> throw new AssertionError("stopped: " + stop.reason());
            default -> throw new AssertionError("not a result that goes on: " + result);
        };
    }
}
