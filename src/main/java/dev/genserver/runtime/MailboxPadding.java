package dev.genserver.runtime;

/**
 * 64 bytes between the senders' fields ({@link MailboxProducerSide}) and the process's own: the JVM lays out a
 * superclass's fields before its subclass's, so this keeps the two groups off each other's cache line. It costs
 * 64 bytes per process and buys several times the cast throughput into a busy process.
 */
@SuppressWarnings("unused")
abstract class MailboxPadding extends MailboxProducerSide {
    private long pad0;
    private long pad1;
    private long pad2;
    private long pad3;
    private long pad4;
    private long pad5;
    private long pad6;
    private long pad7;
}
