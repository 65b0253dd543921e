package dev.genserver.counter;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code genserver.counter.*}.
 *
 * @param initialValue the value the counter starts (and restarts) from: the seed's {@code start_link(10)}
 */
@ConfigurationProperties("genserver.counter")
record CounterProperties(@DefaultValue("0") long initialValue) {
}
