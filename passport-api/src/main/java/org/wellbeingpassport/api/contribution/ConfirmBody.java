package org.wellbeingpassport.api.contribution;

import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The body of POST /me/passport/{type}/{id}/confirm, for the OpenAPI document: optional, and optionally one story
 * section of a Composition. {@link ResidentEntriesController} still reads it closed by hand (an empty body is allowed).
 */
@Schema(name = "ConfirmBody", example = "{\"section\": \"goals\"}")
@io.micronaut.core.annotation.Introspected
public record ConfirmBody(
        @Nullable @jakarta.validation.constraints.Size(max = 64) @jakarta.validation.constraints.Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") @Schema(description = "a story section code: confirm only that section of a Composition", example = "goals") String section) {
}
