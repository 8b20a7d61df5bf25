package org.wellbeingpassport.api.gate;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/** One notice as listed: when, what kind, the words, and what it is about. */
@Introspected
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NoticeItem(Instant at, @Schema(allowableValues = {
        "access-request", "access-granted", "share-code-used", "break-glass", "delegation", "entry-proposed",
        "dispute-raised", "dispute-resolved", "record-changed"}) String kind,
        @Schema(example = "You let Sam Carer help with your goals until 31 March 2027.") String text,
        @Nullable @Schema(description = "what it is about: a request id, a provision id, an entry") String ref,
        @Nullable @Schema(description = "in a professional's notices: the passport it is about") String resident){
}
