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

/** A share code a professional was given (POST /share-codes/redeem). */
@Introspected
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RedeemForm(@NotBlank @Size(max = 32) @Schema(example = "K7QM-2XPD") String code,
        @NotNull PurposeCode purpose) {
}
