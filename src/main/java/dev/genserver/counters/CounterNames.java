package dev.genserver.counters;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.genserver.keyed.Listing;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** {@code {"names": [...], "next"}}: one page of the running counters' names, sorted. */
record CounterNames(@ArraySchema(maxItems = Listing.PAGE, arraySchema = @Schema(description = "Names of running "
        + "counters, sorted, at most 1000", example = "[\"clicks\", \"views\"]")) List<String> names,
        @Schema(description = "Present when more names follow: pass it as ?after= for the next page")
        @JsonInclude(JsonInclude.Include.NON_NULL) String next) {
}
