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

/** A carer the resident lets help (POST /me/carers). */
@Introspected
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CarerForm(
        @NotBlank @Size(max = 300) @Pattern(regexp = "[^|]+\\|[^|]+", message = "must be the carer's sign-in, issuer|subject") @Schema(example = "https://id.example.org|carer-42") String carerAccount,
        @NotBlank @Size(max = 200) String name, @NotEmpty @Size(max = 32) List<@NotNull SectionCode> sections,
        @NotEmpty @Size(max = 16) List<@NotNull PurposeCode> purposes,
        @Nullable @Schema(description = "the last day (today or later); no end if absent") LocalDate until) {
}
