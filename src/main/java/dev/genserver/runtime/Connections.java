package dev.genserver.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * A process's ties to others: the monitors watching it, the monitors it holds, and its links. All three are
 * guarded by the process's own monitor lock; none is ever touched with another process's lock held, so two
 * processes exiting at once cannot deadlock. Once the process has exited nothing can be added (the caller then
 * acts as if the tie existed and fired at once: a DOWN {@code noproc}, an exit signal).
 */
abstract class Connections extends Mailbox {

    /** What a process leaves behind when it exits: each list may be null. */
    record Ties(List<MonitorRef> watchers, List<MonitorRef> monitoring, List<ProcessCell> links) { }

    private List<MonitorRef> watchers;
    private List<MonitorRef> monitoring;
    private List<ProcessCell> links;

    Connections(int capacity) {
        super(capacity);
    }

    abstract boolean isAlive();

    /** Adds a monitor watching this process; false if it has already exited. */
    synchronized boolean addWatcher(MonitorRef ref) {
        if (!isAlive()) {
            return false;
        }
        if (watchers == null) {
            watchers = new ArrayList<>(2);
        }
        watchers.add(ref);
        return true;
    }

    synchronized boolean removeWatcher(MonitorRef ref) {
        return watchers != null && watchers.remove(ref);
    }

    /** Records a monitor this process holds on another; false if it has already exited. */
    synchronized boolean addMonitoring(MonitorRef ref) {
        if (!isAlive()) {
            return false;
        }
        if (monitoring == null) {
            monitoring = new ArrayList<>(2);
        }
        monitoring.add(ref);
        return true;
    }

    synchronized void removeMonitoring(MonitorRef ref) {
        if (monitoring != null) {
            monitoring.remove(ref);
        }
    }

    /** How many monitors watch this process (for tests of monitor bookkeeping). */
    synchronized int watcherCount() {
        return watchers == null ? 0 : watchers.size();
    }

    /** {@link #addLink} found this process exited: no half was added. */
    static final int EXITED = 0;
    /** {@link #addLink} added the half. */
    static final int ADDED = 1;
    /** {@link #addLink} found the half there already: the link existed, and is the exit's to signal through. */
    static final int PRESENT = 2;

    /** Adds this process's half of a link to {@code other}: {@link #ADDED}, {@link #PRESENT} or {@link #EXITED}. */
    synchronized int addLink(ProcessCell other) {
        if (!isAlive()) {
            return EXITED;
        }
        if (links == null) {
            links = new ArrayList<>(2);
        }
        if (links.contains(other)) {
            return PRESENT;
        }
        links.add(other);
        return ADDED;
    }

    /** Removes the link to {@code other}; false if there was none (an unlink or an exit got there first). */
    synchronized boolean removeLink(ProcessCell other) {
        return links != null && links.remove(other);
    }

    /** Takes every tie away, for the exit to notify; called once the process is marked dead. */
    synchronized Ties detach() {
        Ties ties = new Ties(watchers, monitoring, links);
        watchers = null;
        monitoring = null;
        links = null;
        return ties;
    }
}
