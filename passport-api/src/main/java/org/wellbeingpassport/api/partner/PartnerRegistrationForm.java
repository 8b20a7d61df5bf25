package org.wellbeingpassport.api.partner;

import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;
import io.micronaut.core.annotation.Introspected;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.wellbeingpassport.api.http.codes.OrganisationTypeCode;
import org.wellbeingpassport.api.http.codes.PurposeCode;

/**
 * The body of POST /admin/partners, for the OpenAPI document: {@link PartnerAdminController} reads it closed by hand
 * (every problem named with its path) into a {@link PartnerRegistration}.
 */
@Schema(name = "PartnerRegistrationForm", example = """
        {"clientId": "leasowe-gp-emis", "name": "Leasowe Lane GP (EMIS)", "organisationId": "org-leasowe-gp",
         "organisationName": "Leasowe Lane Surgery", "organisationType": "gp-practice",
         "jwksUrl": "https://partner.example/jwks.json", "scopes": ["system/Patient.rs"], "purposes": ["direct-care"]}""")
@Introspected
public record PartnerRegistrationForm(
        @NotBlank @Pattern(regexp = "[A-Za-z0-9._\\-]{3,64}", message = "3 to 64 of A-Z a-z 0-9 . _ -") @Schema(pattern = "[A-Za-z0-9._\\-]{3,64}") String clientId,
        @NotBlank @Size(max = 200) String name, @NotBlank @Size(max = 200) String organisationId,
        @NotBlank @Size(max = 200) String organisationName, @NotNull OrganisationTypeCode organisationType,
        @Nullable @Size(max = 2000) @Schema(description = "an http(s) URL; this or jwks") String jwksUrl,
        @Nullable @Schema(implementation = org.wellbeingpassport.api.http.FhirSchemas.JwkSet.class, description = "an inline public JWK Set; this or jwksUrl") Map<String, Object> jwks,
        @NotEmpty @Size(max = 64) List<@NotBlank String> scopes,
        @NotEmpty @Size(max = 16) @Schema(description = "the first is the default") List<@NotNull PurposeCode> purposes,
        @Nullable @Size(min = 1, max = 200) String statutoryGateway,
        @Nullable @Size(max = 2000) @Schema(description = "the rest-hook endpoint for notices, an https URL") String restHook) {
}
