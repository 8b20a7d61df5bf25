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

/** A delegation to a carer: whose passport, which parts, for what, until when. */
@Introspected
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Delegation(String provisionId, String residentId, String carerAccount, String carerName,
        List<SectionCode> sections, List<PurposeCode> purposes, @Nullable LocalDate until,
        @Nullable @Schema(description = "in a carer's own list") String residentName) {
}
