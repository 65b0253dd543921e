package dev.genserver.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A browser test's failure names the jar's ports that something else holds at {@code [::1]}. */
class Ipv6LoopbackTest {

    @Test
    void aListenerAtTheIpv6Loopback_isFound_andAPortFreeThereIsNot() throws IOException {
        try (ServerSocket silent = new ServerSocket()) {
            assumeTrue(bound(silent), "this machine has no IPv6 loopback");
            int taken = silent.getLocalPort();
            int free;
            try (ServerSocket probe = new ServerSocket()) {
                probe.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
                free = probe.getLocalPort();
            }

            assertThat(RunningJar.answeredOnIpv6Loopback(List.of(taken, free))).containsExactly(taken);
        }
    }

    private static boolean bound(ServerSocket socket) {
        try {
            socket.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
            return true;
        } catch (IOException noIpv6) {
            return false;
        }
    }
}
