/**
 * The application's process tree: the {@link dev.genserver.runtime.ProcessRuntime} bean, the root supervisor every
 * service's long-lived processes hang under, and the shutdown that stops them (the root's children newest first).
 * This is OTP's application module, expressed as Spring configuration.
 */
package dev.genserver.app;
