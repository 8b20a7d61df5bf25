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

/** A share code to make (POST /me/share-codes). */
@Introspected
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ShareCodeForm(@NotEmpty @Size(max = 32) List<@NotNull SectionCode> sections, @NotNull PurposeCode purpose,
        @Nullable @Min(5) @Max(720) @Schema(description = "how long the code works; 30 if absent", defaultValue = "30") Integer minutes,
        @Nullable @Min(1) @Max(10) @Schema(description = "how many times it may be used; 1 if absent", defaultValue = "1") Integer uses) {
    int minutesOrDefault() {
        return minutes == null ? 30 : minutes;
    }

    int usesOrDefault() {
        return uses == null ? 1 : uses;
    }
}
