package dev.genserver.testing;

import dev.genserver.runtime.NoProcessException;
import dev.genserver.runtime.Pid;
import dev.genserver.runtime.ProcessInfo;
import dev.genserver.runtime.ProcessRuntime;
import java.time.Duration;

/**
 * Waiting for a process to handle what it has been sent, without sending it anything: a system message such as
 * {@code sys:get_status} would restart its idle timeout, as it does in OTP.
 */
public final class Mailboxes {

    private static final Duration PATIENCE = Duration.ofSeconds(5);

    private Mailboxes() {
    }

    /** Returns once {@code pid} has an empty mailbox and is not handling a message, or has exited. */
    public static void awaitHandled(ProcessRuntime runtime, Pid pid) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (pid.isAlive()) {
            ProcessInfo info;
            try {
                info = runtime.info(pid);
            } catch (NoProcessException exited) {
                return;
            }
            if (info.mailbox() == 0 && info.status().equals("waiting")) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(pid + " did not handle its mailbox: " + info);
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }
}
