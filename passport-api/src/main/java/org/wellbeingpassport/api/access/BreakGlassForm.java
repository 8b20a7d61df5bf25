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

/** Emergency access (POST /passports/{residentId}/break-glass). */
@Introspected
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BreakGlassForm(@NotBlank @Size(max = 1000) String reason,
        @Nullable @Min(1) @Max(240) @Schema(description = "60 if absent", defaultValue = "60") Integer minutes,
        @Nullable @Schema(description = "emergency-treatment if absent") PurposeCode purpose,
        @Nullable @jakarta.validation.Valid DeferNotice deferNotice) {
    /** Not telling the resident at once, and why (a recorded risk); reviewed. */
    @Introspected
    public record DeferNotice(@NotBlank @Size(max = 1000) String reason) {
    }
}
