package org.wellbeingpassport.api.resident;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.util.List;
import org.wellbeingpassport.api.http.codes.PurposeCode;
import org.wellbeingpassport.api.http.codes.SectionCode;
import org.wellbeingpassport.api.http.codes.SensitiveCategoryCode;

/** A sharing choice to add (POST /me/sharing): who, which sections, for what, until when, which sensitive data. */
@Introspected
@Schema(name = "SharingForm", example = """
        {"who": {"kind": "role-at-organisation", "role": "social-prescribing-link-worker",
                 "organisationId": "org-newham-social-prescribing", "organisationName": "Newham Social Prescribing"},
         "sections": ["goals", "what-matters"], "purposes": ["support-planning"], "until": "2027-03-31"}""")
public record SharingForm(@NotNull @Valid SharingWho who, @NotEmpty @Size(max = 32) List<@NotNull SectionCode> sections,
        @NotEmpty @Size(max = 16) List<@NotNull PurposeCode> purposes,
        @Nullable @Schema(description = "the last day it applies (today or later); no end if absent") LocalDate until,
        @Nullable @Size(max = 16) @Schema(description = "sensitive categories included by name; none if absent") List<@NotNull SensitiveCategoryCode> sensitiveCategories) {
}
