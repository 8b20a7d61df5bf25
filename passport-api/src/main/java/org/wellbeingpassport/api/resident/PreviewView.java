package org.wellbeingpassport.api.resident;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.core.annotation.Introspected;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** What a given reader would see of my passport for a purpose (GET /me/preview), and why, section by section. */
@Introspected
@Schema(name = "Preview")
public record PreviewView(
        @Schema(example = "a social prescribing link worker at Newham Social Prescribing") String reader,
        @Schema(example = "support planning") String purpose,
        @Schema(description = "the version of my sharing choices the preview was made with", example = "3") long directiveVersion,
        List<Section> sections,
        @Schema(ref = "#/components/schemas/FhirBundle", description = "exactly what they would see: a FHIR Bundle of type collection") JsonNode wouldSee) {

    /** One section of my story and the plain-language reasons it would or would not be seen. */
    @Introspected
    @Schema(name = "PreviewSection")
    public record Section(@Schema(example = "Goals") String section,
            @Schema(example = "[\"You share your goals with social prescribing link workers for support planning until 31 March 2027.\"]") List<String> explanation) {
    }
}
