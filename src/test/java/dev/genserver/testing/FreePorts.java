package dev.genserver.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Ports for servers a test starts itself, where it must name them before they bind (other JVMs, cluster members). */
public final class FreePorts {

    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePorts() {
    }

    /**
     * A port free now and never handed out before by this JVM. A port is free again once its probe socket closes,
     * so without the second rule one server's port could be the one chosen for another (a member's API port and
     * a cluster port, say), and whichever binds second fails to start.
     */
    public static int next() {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0)) {
                if (HANDED_OUT.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
