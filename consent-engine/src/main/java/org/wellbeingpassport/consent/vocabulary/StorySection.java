package org.wellbeingpassport.consent.vocabulary;

import java.util.Optional;

/** The sections of a resident's story and plan: the unit residents think in when they share. */
public enum StorySection implements Coded {
    ABOUT_ME("about-me", "about me"),
    WHAT_MATTERS("what-matters", "what matters to me"),
    GOALS("goals", "my goals and aspirations"),
    STRENGTHS("strengths", "my strengths and interests"),
    HEALTH_AND_WELLBEING("health-and-wellbeing", "my health and wellbeing"),
    LIVING_SITUATION("living-situation", "my living situation"),
    SUPPORT_NETWORK("support-network", "my support network and carers"),
    COMMUNICATION("communication", "how to communicate with me"),
    WHAT_HELPED("what-helped", "what has helped and what hasn't"),
    SERVICES_INVOLVED("services-involved", "services involved with me"),
    CARE_PLAN("care-plan", "my care and support plan"),
    MEASURES("measures", "how I have been feeling over time"),
    IDENTITY("identity", "who I am (name, date of birth, identifiers)");

    private final String code;
    private final String label;

    StorySection(String code, String label) {
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
    public static Optional<StorySection> fromCode(String code) {
        return Coded.fromCode(values(), code);
    }
}
