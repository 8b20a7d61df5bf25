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

/** Approve an access request: all it asked for, or only some sections; until a date. */
@Introspected
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApprovalForm(
        @Nullable @Size(min = 1, max = 32) @Schema(description = "a subset of the sections asked for; all if absent") List<@NotNull SectionCode> sections,
        @Nullable @Schema(description = "the last day of access (today or later, at most a year); 90 days if absent", example = "2027-03-31") LocalDate until) {
}
