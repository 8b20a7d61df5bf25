package org.wellbeingpassport.api.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Introspected;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * Every refusal outside /fhir (RFC 9457 problem+json). {@code errors} lists each problem with the path of the field
 * it is about ({@code sections[1]: one of ...}); {@code detail} never carries withheld values or internal messages.
 */
@Introspected
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@Schema(name = "Problem", description = "An error (RFC 9457 application/problem+json)")
public record ProblemBody(@Schema(example = "about:blank") String type, @Schema(example = "Not valid") String title,
        @Schema(example = "422") int status, @Schema(example = "'sections' must name story sections") String detail,
        @Schema(description = "one entry per problem: the path of the field, a colon, what it must be", example = "[\"sections[0]: one of about-me, what-matters, goals\"]") List<String> errors) {
    public ProblemBody {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public static ProblemBody of(int status, String title, String detail, List<String> errors) {
        return new ProblemBody("about:blank", title, status, detail == null || detail.isBlank() ? null : detail,
                errors);
    }
}
