package dev.genserver.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ports for servers a test starts itself, where it must name them before they bind (other JVMs, cluster members).
 *
 * <p>They are taken below the range the system picks outgoing connections' local ports from (Linux's
 * {@code ip_local_port_range}, 32768–60999 by default). A port the system hands out for a probe socket comes
 * from that range, and until its server binds it, any client connection may get it as its local port: a cluster
 * member dialing another took a port kept for a member that joined later, which then could not start.
 */
public final class FreePorts {

    /** Ports below this are left alone: well-known and registered services' ports. */
    private static final int LOWEST = 10_000;
    /** How many ports are tried, at most, below the ephemeral range. */
    private static final int SPAN = 12_000;
    private static final int END = ephemeralRangeStart();
    private static final int START = Math.max(LOWEST, END - SPAN);
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();
    /** Where this JVM starts in the range: random, so that two JVMs choosing ports at once rarely meet. */
    private static final AtomicInteger NEXT = new AtomicInteger(ThreadLocalRandom.current().nextInt(END - START));

    private FreePorts() {
    }

    /**
     * A port free now, outside the ephemeral range, and never handed out before by this JVM: a port is free again
     * once its probe socket closes, so without that rule one server's port could be the one chosen for another
     * (a member's API port and a cluster port, say), and whichever binds second fails to start.
     */
    public static int next() {
        for (int tried = 0; tried < END - START; tried++) {
            int port = START + Math.floorMod(NEXT.getAndIncrement(), END - START);
            if (HANDED_OUT.add(port) && isFree(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port between " + START + " and " + END);
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    /** The first port of the ephemeral range, or Linux's default where the system does not say. */
    private static int ephemeralRangeStart() {
        try {
            // read by lines: Files.readString gives only the first byte of this file (procfs reports size 0)
            String range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).getFirst();
            return Math.max(LOWEST + 1_000, Integer.parseInt(range.trim().split("\\s+")[0]));
        } catch (IOException | RuntimeException unknown) {
            return 32_768;
        }
    }
}
