package org.wellbeingpassport.consent.vocabulary;

import java.util.Optional;

/** Coded professional roles (never abbreviations: two roles are both called CC in practice). */
public enum ProfessionalRole implements Coded {
    GP("gp", "GP"),
    NURSE("nurse", "nurse"),
    SOCIAL_PRESCRIBING_LINK_WORKER("social-prescribing-link-worker", "social prescribing link worker"),
    HEALTH_AND_WELLBEING_COACH("health-and-wellbeing-coach", "health and wellbeing coach"),
    CARE_COORDINATOR("care-coordinator", "care coordinator"),
    COMMUNITY_NEIGHBOURHOOD_LINK_WORKER("community-neighbourhood-link-worker", "community neighbourhood link worker"),
    HEALTH_AND_SOCIAL_CARE_NAVIGATOR("health-and-social-care-navigator", "health and social care navigator"),
    COMMUNITY_CONNECTOR("community-connector", "community connector"),
    SOCIAL_WORKER("social-worker", "social worker"),
    HOUSING_OFFICER("housing-officer", "housing officer"),
    WORK_COACH("work-coach", "work coach"),
    EMPLOYMENT_ADVISER("employment-adviser", "employment adviser"),
    BENEFITS_ADVISER("benefits-adviser", "benefits adviser"),
    KEY_WORKER("key-worker", "key worker"),
    SUPPORT_WORKER("support-worker", "support worker"),
    SAFEGUARDING_LEAD("safeguarding-lead", "safeguarding lead"),
    LOCAL_AREA_COORDINATOR("local-area-coordinator", "local area coordinator"),
    MENTAL_HEALTH_PRACTITIONER("mental-health-practitioner", "mental health practitioner"),
    CRISIS_TEAM_CLINICIAN("crisis-team-clinician", "crisis team clinician");

    private final String code;
    private final String label;

    ProfessionalRole(String code, String label) {
        this.code = code;
        this.label = label;
    }

    @Override
    public String code() {
        return code;
    }

    @Override
    public String label() {
        return label;
    }

    /** The constant with this code, if any. */
    public static Optional<ProfessionalRole> fromCode(String code) {
        return Coded.fromCode(values(), code);
    }
}
