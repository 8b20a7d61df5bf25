package org.wellbeingpassport.api.http.codes;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.wellbeingpassport.consent.vocabulary.ProfessionalRole;

/**
 * A professional role, as sent and received at the door. The wire code of each constant is the consent engine's code for
 * {@link ProfessionalRole} (CodesTest checks they stay the same set); Jackson refuses any other value with a 422 naming
 * the path, and the OpenAPI document lists the codes.
 */
public enum RoleCode {
    @JsonProperty("gp")
    GP,
    @JsonProperty("nurse")
    NURSE,
    @JsonProperty("social-prescribing-link-worker")
    SOCIAL_PRESCRIBING_LINK_WORKER,
    @JsonProperty("health-and-wellbeing-coach")
    HEALTH_AND_WELLBEING_COACH,
    @JsonProperty("care-coordinator")
    CARE_COORDINATOR,
    @JsonProperty("community-neighbourhood-link-worker")
    COMMUNITY_NEIGHBOURHOOD_LINK_WORKER,
    @JsonProperty("health-and-social-care-navigator")
    HEALTH_AND_SOCIAL_CARE_NAVIGATOR,
    @JsonProperty("community-connector")
    COMMUNITY_CONNECTOR,
    @JsonProperty("social-worker")
    SOCIAL_WORKER,
    @JsonProperty("housing-officer")
    HOUSING_OFFICER,
    @JsonProperty("work-coach")
    WORK_COACH,
    @JsonProperty("employment-adviser")
    EMPLOYMENT_ADVISER,
    @JsonProperty("benefits-adviser")
    BENEFITS_ADVISER,
    @JsonProperty("key-worker")
    KEY_WORKER,
    @JsonProperty("support-worker")
    SUPPORT_WORKER,
    @JsonProperty("safeguarding-lead")
    SAFEGUARDING_LEAD,
    @JsonProperty("local-area-coordinator")
    LOCAL_AREA_COORDINATOR,
    @JsonProperty("mental-health-practitioner")
    MENTAL_HEALTH_PRACTITIONER,
    @JsonProperty("crisis-team-clinician")
    CRISIS_TEAM_CLINICIAN;

    public ProfessionalRole vocabulary() {
        return ProfessionalRole.valueOf(name());
    }

    public static RoleCode of(ProfessionalRole v) {
        return valueOf(v.name());
    }
}
