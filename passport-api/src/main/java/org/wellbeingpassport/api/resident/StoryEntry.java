package org.wellbeingpassport.api.resident;

import io.micronaut.core.annotation.Introspected;
import io.swagger.v3.oas.annotations.media.Schema;
import org.wellbeingpassport.api.http.codes.SectionCode;

/** An entry of my story as written: its id, section, words and version (send it as If-Match to change it). */
@Introspected
@Schema(name = "StoryEntry")
public record StoryEntry(@Schema(example = "note-3f9a2c41-8d7e-4b") String id, SectionCode section,
        @Schema(example = "Get back to running with my daughter by the summer.") String text,
        @Schema(example = "1") long version) {
}
