package dev.genserver.events;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code genserver.events.*}.
 *
 * @param capacity how many of the newest events the ring buffer keeps; older ones fall off, their counts stay
 * @param maxTypes how many distinct types are counted by name; later new types are counted under {@code "_other"}
 */
@Validated
@ConfigurationProperties("genserver.events")
record EventsProperties(
        @DefaultValue("1000") @Min(1) @Max(1_000_000) int capacity,
        @DefaultValue("1000") @Min(1) @Max(1_000_000) int maxTypes) {
}
