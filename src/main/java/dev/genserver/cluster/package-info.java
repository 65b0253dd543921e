/**
 * Cluster mode ({@code genserver.cluster.enabled}): an embedded Hazelcast member in each instance, and the
 * {@link dev.genserver.keyed.ProcessDirectory} that puts each stateful process on the member owning its key, its
 * state replicated to a backup member before any answer leaves. Off by default: nothing here starts otherwise.
 */
package dev.genserver.cluster;
