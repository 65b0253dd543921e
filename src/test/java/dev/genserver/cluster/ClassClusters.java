package dev.genserver.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The in-JVM clusters of a test class: one formed once for the class, which its tests that leave the members as they
 * are share (each with keys of its own), and one formed afresh for each test that stops a member, holds its threads
 * or counts every key. A cluster takes over a second to form (Hazelcast's first member waits a second for others
 * before it takes the lead), which the shared one saves for every test that uses it.
 */
final class ClassClusters implements AutoCloseable {

    private final Supplier<InJvmCluster> form;
    private final InJvmCluster shared;
    private final List<InJvmCluster> own = new ArrayList<>();

    /** Forms the shared cluster now, with {@code form}, which also forms each test's own. */
    ClassClusters(Supplier<InJvmCluster> form) {
        this.form = form;
        this.shared = form.get();
    }

    /** The cluster formed for the class. */
    InJvmCluster shared() {
        return shared;
    }

    /** A cluster for the running test alone, closed by {@link #endTest()}. */
    InJvmCluster own() {
        InJvmCluster cluster = form.get();
        own.add(cluster);
        return cluster;
    }

    /** Closes the clusters the test that ends formed for itself. */
    void endTest() {
        own.forEach(InJvmCluster::close);
        own.clear();
    }

    @Override
    public void close() {
        endTest();
        shared.close();
    }
}
