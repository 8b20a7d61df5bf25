package org.wellbeingpassport.consent.vocabulary;

import java.util.Optional;

/** Kinds of organisation that take part in a resident's support. */
public enum OrganisationType implements Coded {
    GP_PRACTICE("gp-practice", "GP practice"),
    HOSPITAL_TRUST("hospital-trust", "hospital trust"),
    COMMUNITY_MENTAL_HEALTH_TRUST("community-mental-health-trust", "community and mental health trust"),
    NHS_111_CRISIS("nhs-111-crisis", "NHS 111 and crisis team"),
    ADULT_SOCIAL_CARE("adult-social-care", "adult social care"),
    PUBLIC_HEALTH("public-health", "public health"),
    COUNCIL_HOUSING("council-housing", "council housing"),
    HOUSING_ASSOCIATION("housing-association", "housing association"),
    JOBCENTRE_DWP("jobcentre-dwp", "Jobcentre Plus / DWP"),
    WORK_PROGRAMME_PROVIDER("work-programme-provider", "work programme provider"),
    VOLUNTARY_COMMUNITY("voluntary-community", "voluntary and community organisation"),
    LIBRARY("library", "library"),
    POLICE("police", "police"),
    SCHOOL("school", "school");

    private final String code;
    private final String label;

    OrganisationType(String code, String label) {
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
    public static Optional<OrganisationType> fromCode(String code) {
        return Coded.fromCode(values(), code);
    }
}
