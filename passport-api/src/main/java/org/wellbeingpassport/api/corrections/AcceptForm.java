package org.wellbeingpassport.api.corrections;

import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;
import org.wellbeingpassport.api.http.FhirSchemas;

/**
 * The body of POST /corrections/{residentId}/{taskId}/accept, for the OpenAPI document: the same fields as
 * {@link ReviewController.AcceptBody}, which the route reads and validates at the door, with the whole entry described as a FHIR
 * resource (not as Jackson's tree type).
 */
@Schema(name = "AcceptForm", example = "{\"text\": \"I walk with the Tuesday group.\"}")
public record AcceptForm(@Nullable @Schema(description = "new words for a story section") String text,
        @Nullable @Schema(description = "the whole amended entry") FhirSchemas.Resource resource,
        @Nullable @Schema(description = "an answer to the resident") String answer,
        @Nullable @Schema(description = "what is declined, making this a partial acceptance") String declined) {
}
