package org.wellbeingpassport.api.access;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.*;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.wellbeingpassport.api.http.codes.*;

/** An access request waiting for the resident's answer. */
@Introspected
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PendingRequest(String id, Requester from, PurposeCode purpose,
        @Schema(example = "support planning") String purposeLabel, List<SectionCode> sections, String reason,
        Instant created, Instant expires) {
}
