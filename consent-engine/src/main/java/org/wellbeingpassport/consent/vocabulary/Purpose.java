package org.wellbeingpassport.consent.vocabulary;

import java.util.Optional;

/** Why data is asked for. Every request states exactly one. */
public enum Purpose implements Coded {
    DIRECT_CARE("direct-care", "your direct care"),
    CARE_COORDINATION("care-coordination", "coordinating your care and referrals"),
    SUPPORT_PLANNING("support-planning", "support planning"),
    BENEFITS_EMPLOYMENT("benefits-employment", "benefits and employment support"),
    SAFEGUARDING("safeguarding", "keeping you safe (safeguarding)"),
    EMERGENCY_TREATMENT("emergency-treatment", "emergency treatment"),
    RECORD_CORRECTION("record-correction", "checking your record is correct"),
    AUDIT("audit", "checking how your record is used (audit)"),
    RESEARCH("research", "de-identified analysis and research");

    private final String code;
    private final String label;

    Purpose(String code, String label) {
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
    public static Optional<Purpose> fromCode(String code) {
        return Coded.fromCode(values(), code);
    }
}
