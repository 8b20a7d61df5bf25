package org.wellbeingpassport.api.access;

import io.micronaut.core.annotation.Introspected;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** "Why can't I see this?" (GET /passports/{residentId}/why): what the caller sees for a purpose and how to ask for more. */
@Introspected
@Schema(name = "Why")
public record WhyView(@Schema(example = "support planning") String purpose,
        @Schema(example = "[\"Goals\"]") List<String> youCanSee,
        @Schema(example = "You see what this person has chosen to share with you for support planning. ...") String explanation) {
}
