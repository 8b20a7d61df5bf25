package org.wellbeingpassport.consent.vocabulary;

import java.util.Optional;

/** Especially sensitive information: disclosed only when a permit names the category explicitly. */
public enum SensitivityCategory implements Coded {
    MENTAL_HEALTH("mental-health", "mental health"),
    TRAUMA("trauma", "trauma and PTSD"),
    SUBSTANCE_USE("substance-use", "alcohol and drug use"),
    SEXUAL_HEALTH("sexual-health", "sexual health"),
    SEXUALITY_GENDER("sexuality-gender", "sexual orientation and gender identity"),
    CRIMINAL_RECORD("criminal-record", "criminal record and prison"),
    SAFEGUARDING("safeguarding", "safeguarding concerns and domestic abuse"),
    IMMIGRATION("immigration", "immigration status"),
    BENEFITS_FINANCES("benefits-finances", "benefits, sanctions and finances"),
    HIV("hiv", "HIV"),
    GENETIC("genetic", "genetic information");

    private final String code;
    private final String label;

    SensitivityCategory(String code, String label) {
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
    public static Optional<SensitivityCategory> fromCode(String code) {
        return Coded.fromCode(values(), code);
    }
}
