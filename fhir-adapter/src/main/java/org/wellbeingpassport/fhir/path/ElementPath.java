package org.wellbeingpassport.fhir.path;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.wellbeingpassport.consent.vocabulary.SensitivityCategory;
import org.wellbeingpassport.consent.vocabulary.StorySection;

/**
 * One element path found in a resource, the story section it belongs to, and the inline (DS4P)
 * security labels that apply to it (its own and those of the elements around it).
 */
public record ElementPath(String path, Optional<StorySection> section, Set<SensitivityCategory> labels) {
    public ElementPath {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(section, "section");
        labels = Set.copyOf(labels);
    }
}
