package org.wellbeingpassport.fhir.codes;

import java.util.Optional;
import org.wellbeingpassport.consent.vocabulary.StorySection;

/**
 * Sub-sections of the story (Composition.section.section), coded in the same code system as the
 * sections so a resident can share, say, housing without money.
 */
public enum SubSection {
    HOUSING("housing", "my home", StorySection.LIVING_SITUATION),
    MONEY("money", "money and debt", StorySection.LIVING_SITUATION),
    WORK_AND_BENEFITS("work-and-benefits", "work and benefits", StorySection.LIVING_SITUATION),
    LANGUAGE("language", "language and interpreter", StorySection.COMMUNICATION),
    ACCESSIBILITY("accessibility", "accessibility and sensory needs", StorySection.COMMUNICATION),
    CONTACT_PREFERENCES("contact-preferences", "how and when to contact me", StorySection.COMMUNICATION),
    TRAUMA_INFORMED("trauma-informed", "trauma-informed approach", StorySection.COMMUNICATION),
    TRAUMA_DETAIL("trauma-detail", "what happened to me", StorySection.HEALTH_AND_WELLBEING),
    CONDITIONS_AND_TREATMENT("conditions-and-treatment", "conditions, medication and therapy",
            StorySection.HEALTH_AND_WELLBEING),
    GOOD_AND_BAD_DAYS("good-and-bad-days", "good days and bad days", StorySection.HEALTH_AND_WELLBEING);

    private final String code;
    private final String label;
    private final StorySection parent;

    SubSection(String code, String label, StorySection parent) {
        this.code = code;
        this.label = label;
        this.parent = parent;
    }

    public String code() {
        return code;
    }

    public String label() {
        return label;
    }

    public StorySection parent() {
        return parent;
    }

    public static Optional<SubSection> fromCode(String code) {
        for (SubSection s : values()) {
            if (s.code.equals(code)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
