package org.wellbeingpassport.api.pages;

import java.util.Arrays;
import org.wellbeingpassport.consent.vocabulary.ProfessionalRole;
import org.wellbeingpassport.consent.vocabulary.StorySection;

/**
 * Message keys for words that services send in English (a role's label, a section's label): templates show the
 * bundle's words for the page's language instead, and the English only when no key fits. Available to every page as
 * {@code words}.
 */
public final class Words {
    static final Words INSTANCE = new Words();

    private Words() {
    }

    /** The message key of a professional role given by its English label or its code, or null. */
    public String role(String labelOrCode) {
        return Arrays.stream(ProfessionalRole.values())
                .filter(r -> r.label().equalsIgnoreCase(labelOrCode) || r.code().equals(labelOrCode)).findFirst()
                .map(r -> "role." + r.code()).orElse(null);
    }

    /** The message key of a story section given by its English label or its code, or null. */
    public String section(String labelOrCode) {
        return Arrays.stream(StorySection.values())
                .filter(s -> s.label().equalsIgnoreCase(labelOrCode) || s.code().equals(labelOrCode)).findFirst()
                .map(s -> "section." + s.code()).orElse(null);
    }
}
