package org.wellbeingpassport.api.http.codes;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.wellbeingpassport.consent.vocabulary.OrganisationType;

/**
 * A kind of organisation, as sent and received at the door. The wire code of each constant is the consent engine's code for
 * {@link OrganisationType} (CodesTest checks they stay the same set); Jackson refuses any other value with a 422 naming
 * the path, and the OpenAPI document lists the codes.
 */
public enum OrganisationTypeCode {
    @JsonProperty("gp-practice")
    GP_PRACTICE,
    @JsonProperty("hospital-trust")
    HOSPITAL_TRUST,
    @JsonProperty("community-mental-health-trust")
    COMMUNITY_MENTAL_HEALTH_TRUST,
    @JsonProperty("nhs-111-crisis")
    NHS_111_CRISIS,
    @JsonProperty("adult-social-care")
    ADULT_SOCIAL_CARE,
    @JsonProperty("public-health")
    PUBLIC_HEALTH,
    @JsonProperty("council-housing")
    COUNCIL_HOUSING,
    @JsonProperty("housing-association")
    HOUSING_ASSOCIATION,
    @JsonProperty("jobcentre-dwp")
    JOBCENTRE_DWP,
    @JsonProperty("work-programme-provider")
    WORK_PROGRAMME_PROVIDER,
    @JsonProperty("voluntary-community")
    VOLUNTARY_COMMUNITY,
    @JsonProperty("library")
    LIBRARY,
    @JsonProperty("police")
    POLICE,
    @JsonProperty("school")
    SCHOOL;

    public OrganisationType vocabulary() {
        return OrganisationType.valueOf(name());
    }

    public static OrganisationTypeCode of(OrganisationType v) {
        return valueOf(v.name());
    }
}
