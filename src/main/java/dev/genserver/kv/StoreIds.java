package dev.genserver.kv;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.genserver.keyed.Listing;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** {@code {"ids": [...], "next"}}: one page of the ids of the stores that exist now, sorted. */
record StoreIds(@ArraySchema(maxItems = Listing.PAGE, arraySchema = @Schema(description = "Ids of existing stores, "
        + "sorted, at most 1000")) List<String> ids,
        @Schema(description = "Present when more ids follow: pass it as ?after= for the next page")
        @JsonInclude(JsonInclude.Include.NON_NULL) String next) {
}
