package dev.genserver.browser;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A JDK 25 text thread dump's request threads, grouped: threads waiting alike are one line, whatever their ids. */
class RequestThreadsTest {

    private static String virtualWaiting(int id, String lock) {
        return """
                #%d "tomcat-handler-%d" virtual TIMED_WAITING 2026-12-06T20:00:52.563220550Z
                    at java.base/java.lang.VirtualThread.parkNanos(VirtualThread.java:784)
                    - parking to wait for <dev.genserver.runtime.PendingCall@%s>
                    at java.base/java.lang.System$1.parkVirtualThread(System.java:2294)
                    at java.base/java.util.concurrent.locks.LockSupport.parkNanos(LockSupport.java:269)
                    at dev.genserver.runtime.Deadline.park(Deadline.java:51)
                    at dev.genserver.runtime.PendingCall.awaitParked(PendingCall.java:228)
                    at dev.genserver.runtime.PendingCall.await(PendingCall.java:208)
                    at dev.genserver.runtime.ProcessCell.call(ProcessCell.java:226)
                    at dev.genserver.app.TimedOutCalls.call(TimedOutCalls.java:109)
                """.formatted(id, id, lock);
    }

    private static final String IDLE_POOL_THREAD = """
            #37 "http-nio-127.0.0.1-22105-exec-1" WAITING 2026-12-06T20:00:52.558177018Z
                at java.base/jdk.internal.misc.Unsafe.park(Native Method)
                - parking to wait for <java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionObject@41529121>
                at java.base/java.util.concurrent.locks.LockSupport.park(LockSupport.java:369)
                at java.base/java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionNode.block(AQS.java:520)
                at java.base/java.util.concurrent.ForkJoinPool.managedBlock(ForkJoinPool.java:4310)
            """;

    private static final String OTHER_THREAD = """
            #12 "Reference Handler" RUNNABLE 2026-12-06T19:29:30.595555324Z
                at java.base/java.lang.ref.Reference.waitForReferencePendingList(Native Method)
            """;

    @Test
    void requestThreadsWaitingAlike_areOneGroup_toldByTheFramesBelowTheirParking() {
        String dump = "2026-12-06T20:00:52Z\n25.0.3+9-LTS\n\n" + OTHER_THREAD + "\n" + virtualWaiting(56, "531e73ea")
                + "\n" + virtualWaiting(57, "7e0e7472") + "\n" + IDLE_POOL_THREAD;

        assertThat(RequestThreads.summary(dump)).isEqualTo("""

                  2 x virtual TIMED_WAITING - parking to wait for <dev.genserver.runtime.PendingCall> \
                < dev.genserver.runtime.Deadline.park(Deadline.java:51) \
                < dev.genserver.runtime.PendingCall.awaitParked(PendingCall.java:228) \
                < dev.genserver.runtime.PendingCall.await(PendingCall.java:208)
                  1 x WAITING - parking to wait for \
                <java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionObject> \
                < java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionNode.block(AQS.java:520) \
                < java.util.concurrent.ForkJoinPool.managedBlock(ForkJoinPool.java:4310)""");
    }

    @Test
    void aDumpWithoutRequestThreads_saysSo() {
        assertThat(RequestThreads.summary(OTHER_THREAD)).isEqualTo(" no request thread");
    }
}
