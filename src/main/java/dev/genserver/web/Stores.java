package dev.genserver.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The handler keeps what the client sends (an item, an entry, an event, a session): while the heap is nearly full
 * it is refused 507 {@code insufficient_storage} before its body is parsed ({@link StorageGuard}), and the OpenAPI
 * document says so. Reads, deletes and pops are never refused this way: they are how room is made again.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface Stores {
}
