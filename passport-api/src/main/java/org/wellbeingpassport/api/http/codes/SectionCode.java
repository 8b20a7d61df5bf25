package org.wellbeingpassport.api.http.codes;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.wellbeingpassport.consent.vocabulary.StorySection;

/**
 * A section of the resident's story, as sent and received at the door. The wire code of each constant is the consent engine's code for
 * {@link StorySection} (CodesTest checks they stay the same set); Jackson refuses any other value with a 422 naming
 * the path, and the OpenAPI document lists the codes.
 */
public enum SectionCode {
    @JsonProperty("about-me")
    ABOUT_ME,
    @JsonProperty("what-matters")
    WHAT_MATTERS,
    @JsonProperty("goals")
    GOALS,
    @JsonProperty("strengths")
    STRENGTHS,
    @JsonProperty("health-and-wellbeing")
    HEALTH_AND_WELLBEING,
    @JsonProperty("living-situation")
    LIVING_SITUATION,
    @JsonProperty("support-network")
    SUPPORT_NETWORK,
    @JsonProperty("communication")
    COMMUNICATION,
    @JsonProperty("what-helped")
    WHAT_HELPED,
    @JsonProperty("services-involved")
    SERVICES_INVOLVED,
    @JsonProperty("care-plan")
    CARE_PLAN,
    @JsonProperty("measures")
    MEASURES,
    @JsonProperty("identity")
    IDENTITY;

    public StorySection vocabulary() {
        return StorySection.valueOf(name());
    }

    public static SectionCode of(StorySection v) {
        return valueOf(v.name());
    }
}
