package org.wellbeingpassport.api.resident;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.wellbeingpassport.api.http.codes.OrganisationTypeCode;
import org.wellbeingpassport.api.http.codes.RoleCode;

/**
 * Who a sharing choice is for. {@code kind} says which other fields it needs: a named professional
 * (professionalId, name), a role anywhere (role), a role at one organisation (role, organisationId, organisationName),
 * an organisation (organisationId, organisationName), an organisation type (organisationType), or a partner system
 * (systemId, name). A field the kind does not use is refused.
 */
@Introspected
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "SharingWho")
public record SharingWho(@NotNull Kind kind, @Nullable @Size(min = 1, max = 200) String professionalId,
        @Nullable @Size(min = 1, max = 200) @Schema(example = "Sam Okafor") String name, @Nullable RoleCode role,
        @Nullable @Size(min = 1, max = 200) @Schema(example = "org-newham-social-prescribing") String organisationId,
        @Nullable @Size(min = 1, max = 200) @Schema(example = "Newham Social Prescribing") String organisationName,
        @Nullable OrganisationTypeCode organisationType, @Nullable @Size(min = 1, max = 200) String systemId) {

    public enum Kind {
        @JsonProperty("professional")
        PROFESSIONAL,
        @JsonProperty("role")
        ROLE,
        @JsonProperty("role-at-organisation")
        ROLE_AT_ORGANISATION,
        @JsonProperty("organisation")
        ORGANISATION,
        @JsonProperty("organisation-type")
        ORGANISATION_TYPE,
        @JsonProperty("partner-system")
        PARTNER_SYSTEM
    }
}
