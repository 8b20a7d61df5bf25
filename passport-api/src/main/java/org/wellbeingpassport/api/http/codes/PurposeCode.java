package org.wellbeingpassport.api.http.codes;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.wellbeingpassport.consent.vocabulary.Purpose;

/**
 * Why data is asked for (a purpose of use), as sent and received at the door. The wire code of each constant is the consent engine's code for
 * {@link Purpose} (CodesTest checks they stay the same set); Jackson refuses any other value with a 422 naming
 * the path, and the OpenAPI document lists the codes.
 */
public enum PurposeCode {
    @JsonProperty("direct-care")
    DIRECT_CARE,
    @JsonProperty("care-coordination")
    CARE_COORDINATION,
    @JsonProperty("support-planning")
    SUPPORT_PLANNING,
    @JsonProperty("benefits-employment")
    BENEFITS_EMPLOYMENT,
    @JsonProperty("safeguarding")
    SAFEGUARDING,
    @JsonProperty("emergency-treatment")
    EMERGENCY_TREATMENT,
    @JsonProperty("record-correction")
    RECORD_CORRECTION,
    @JsonProperty("audit")
    AUDIT,
    @JsonProperty("research")
    RESEARCH;

    public Purpose vocabulary() {
        return Purpose.valueOf(name());
    }

    public static PurposeCode of(Purpose v) {
        return valueOf(v.name());
    }
}
