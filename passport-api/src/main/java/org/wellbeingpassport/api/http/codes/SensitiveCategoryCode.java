package org.wellbeingpassport.api.http.codes;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.wellbeingpassport.consent.vocabulary.SensitivityCategory;

/**
 * A sensitive category of information, as sent and received at the door. The wire code of each constant is the consent engine's code for
 * {@link SensitivityCategory} (CodesTest checks they stay the same set); Jackson refuses any other value with a 422 naming
 * the path, and the OpenAPI document lists the codes.
 */
public enum SensitiveCategoryCode {
    @JsonProperty("mental-health")
    MENTAL_HEALTH,
    @JsonProperty("trauma")
    TRAUMA,
    @JsonProperty("substance-use")
    SUBSTANCE_USE,
    @JsonProperty("sexual-health")
    SEXUAL_HEALTH,
    @JsonProperty("sexuality-gender")
    SEXUALITY_GENDER,
    @JsonProperty("criminal-record")
    CRIMINAL_RECORD,
    @JsonProperty("safeguarding")
    SAFEGUARDING,
    @JsonProperty("immigration")
    IMMIGRATION,
    @JsonProperty("benefits-finances")
    BENEFITS_FINANCES,
    @JsonProperty("hiv")
    HIV,
    @JsonProperty("genetic")
    GENETIC;

    public SensitivityCategory vocabulary() {
        return SensitivityCategory.valueOf(name());
    }

    public static SensitiveCategoryCode of(SensitivityCategory v) {
        return valueOf(v.name());
    }
}
