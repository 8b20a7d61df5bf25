package org.wellbeingpassport.api.resident;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.wellbeingpassport.api.http.codes.PurposeCode;
import org.wellbeingpassport.api.http.codes.SectionCode;
import org.wellbeingpassport.api.http.codes.SensitiveCategoryCode;

/** One sharing choice in force, as stored in the resident's FHIR Consent (its provision id is {@code id}). */
@Introspected
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SharingChoice(@Schema(example = "share-k2m9x4p7q3rt") String id, SharingWho who,
        List<SectionCode> sections, List<PurposeCode> purposes, @Nullable LocalDate until,
        List<SensitiveCategoryCode> sensitiveCategories,
        @Schema(description = "in words, for the resident", example = "Social prescribing link workers at Newham"
                + " Social Prescribing can see your goals for support planning until 31 March 2027.") String summary,
        @Nullable Instant since) {
}
