package org.wellbeingpassport.consent;

import java.util.Objects;
import java.util.Set;
import org.wellbeingpassport.consent.vocabulary.SensitivityCategory;

/** One element of a data item: its path (opaque, from fhir-adapter) and any inline sensitivity labels. */
public record Element(String path, Set<SensitivityCategory> categories) {
    public Element {
        Objects.requireNonNull(path, "path");
        categories = Set.copyOf(Objects.requireNonNull(categories, "categories"));
    }

    public static Element of(String path, SensitivityCategory... categories) {
        return new Element(path, Set.of(categories));
    }
}
