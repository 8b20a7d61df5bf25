package org.wellbeingpassport.api.resident;

import io.micronaut.core.annotation.Introspected;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** An entry in a section of my story, in my own words (POST or PUT /me/story/{section}/entries). */
@Introspected
@Schema(name = "StoryEntryForm", example = """
        {"text": "Get back to running with my daughter by the summer."}""")
public record StoryEntryForm(@NotBlank @Size(max = 10000) String text) {
}
