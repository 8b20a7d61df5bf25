package org.wellbeingpassport.api.resident;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Past;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import org.wellbeingpassport.api.http.codes.NhsNumber;

/**
 * Starting my passport without FHIR (POST /me/passport, application/json): my name, date of birth and, if I know
 * it, my NHS number. Stored as the same FHIR Patient a FHIR client would send.
 */
@Introspected
@Schema(name = "StartForm", example = """
        {"givenName": "Amara", "familyName": "Okafor", "birthDate": "1987-04-12", "nhsNumber": "943 476 5919"}""")
public record StartForm(@NotBlank @Size(max = 100) @Schema(example = "Amara") String givenName,
        @NotBlank @Size(max = 100) @Schema(example = "Okafor") String familyName,
        @NotNull @Past @Schema(example = "1987-04-12") LocalDate birthDate,
        @Nullable @NhsNumber @Schema(description = "10 digits, spaces allowed; professionals find your passport with it and your date of birth", example = "943 476 5919") String nhsNumber) {
}
