package org.wellbeingpassport.api.partner;

import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
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
public record PartnerRegistrationForm(@Schema(pattern = "[A-Za-z0-9._\\-]{3,64}") String clientId, String name,
        String organisationId, String organisationName, OrganisationTypeCode organisationType,
        @Nullable @Schema(description = "an http(s) URL; this or jwks") String jwksUrl,
        @Nullable @Schema(description = "an inline public JWK Set; this or jwksUrl") org.wellbeingpassport.api.http.FhirSchemas.JwkSet jwks,
        List<String> scopes, @Schema(description = "the first is the default") List<PurposeCode> purposes,
        @Nullable String statutoryGateway,
        @Nullable @Schema(description = "the rest-hook endpoint for notices, an https URL") String restHook) {
}
