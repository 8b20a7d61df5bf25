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

/** A professional's first-contact request for access (POST /access-requests). */
@Introspected
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AccessRequestForm(@NotBlank @NhsNumber @Schema(example = "943 476 5919") String nhsNumber,
        @NotNull @PastOrPresent @Schema(example = "1987-04-12") LocalDate birthDate, @NotNull PurposeCode purpose,
        @NotEmpty @Size(max = 32) List<@NotNull SectionCode> sections,
        @NotBlank @Size(max = 500) @Schema(example = "First appointment on Tuesday; I would like to read your goals first.") String reason) {
}
