package org.wellbeingpassport.consent;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.wellbeingpassport.consent.vocabulary.SensitivityCategory;
import org.wellbeingpassport.consent.vocabulary.StorySection;

/**
 * The minimal set break-glass may disclose, configured once for the engine. An element is in the
 * set if its item's section or resource type is listed, or a listed path covers it; and only if
 * every sensitive category it carries is in {@code allowedCategories}.
 */
public record BreakGlassPolicy(Set<StorySection> sections, Set<String> resourceTypes, Set<String> paths,
        Set<SensitivityCategory> allowedCategories, Duration maxDuration) {

    public BreakGlassPolicy {
        sections = Set.copyOf(Objects.requireNonNull(sections, "sections"));
        resourceTypes = Set.copyOf(Objects.requireNonNull(resourceTypes, "resourceTypes"));
        paths = Set.copyOf(Objects.requireNonNull(paths, "paths"));
        allowedCategories = Set.copyOf(Objects.requireNonNull(allowedCategories, "allowedCategories"));
        Objects.requireNonNull(maxDuration, "maxDuration");
        if (maxDuration.isNegative() || maxDuration.isZero()) {
            throw new IllegalArgumentException("maxDuration must be positive");
        }
    }

    /**
     * Identity, safety alerts (Flag), key conditions (code and status only), allergies,
     * communication needs and named contacts; safeguarding labels may pass, no other sensitive
     * category; at most 12 hours.
     */
    public static BreakGlassPolicy standard() {
        return new BreakGlassPolicy(
                EnumSet.of(StorySection.IDENTITY, StorySection.COMMUNICATION, StorySection.SUPPORT_NETWORK),
                Set.of("Flag", "AllergyIntolerance"),
                Set.of("Patient.name", "Patient.birthDate", "Patient.identifier", "Patient.communication",
                        "Patient.contact", "Condition.code", "Condition.clinicalStatus"),
                EnumSet.of(SensitivityCategory.SAFEGUARDING), Duration.ofHours(12));
    }
}
