package org.wellbeingpassport.consent;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.wellbeingpassport.consent.vocabulary.SensitivityCategory;
import org.wellbeingpassport.consent.vocabulary.StorySection;

/**
 * An item of data to decide on (Cedar's resource): usually one FHIR resource, flattened by
 * fhir-adapter into element paths. Immutable; the per-element category masks are computed once
 * here so that deciding allocates nothing per element.
 */
public final class DataItem {
    private final String residentId;
    private final String resourceType;
    private final Optional<StorySection> section;
    private final Set<SensitivityCategory> categories;
    private final List<Element> elements;
    private final Origin origin;
    private final List<String> openDisputes;

    // derived, for the hot path
    final String[] paths;
    final int[] categoryMasks; // item categories | element categories
    final int sectionOrdinal; // -1 when no section

    public DataItem(String residentId, String resourceType, Optional<StorySection> section,
            Set<SensitivityCategory> categories, List<Element> elements, Origin origin, List<String> openDisputes) {
        this.residentId = Objects.requireNonNull(residentId, "residentId");
        this.resourceType = Objects.requireNonNull(resourceType, "resourceType");
        this.section = Objects.requireNonNull(section, "section");
        this.categories = Set.copyOf(Objects.requireNonNull(categories, "categories"));
        this.elements = List.copyOf(Objects.requireNonNull(elements, "elements"));
        this.origin = Objects.requireNonNull(origin, "origin");
        this.openDisputes = List.copyOf(Objects.requireNonNull(openDisputes, "openDisputes"));
        int itemMask = Categories.mask(this.categories);
        this.paths = new String[this.elements.size()];
        this.categoryMasks = new int[this.elements.size()];
        for (int i = 0; i < paths.length; i++) {
            Element e = this.elements.get(i);
            paths[i] = e.path();
            categoryMasks[i] = itemMask | Categories.mask(e.categories());
        }
        this.sectionOrdinal = section.map(Enum::ordinal).orElse(-1);
    }

    /** An item with no open disputes. */
    public static DataItem of(String residentId, String resourceType, Optional<StorySection> section,
            Set<SensitivityCategory> categories, List<Element> elements, Origin origin) {
        return new DataItem(residentId, resourceType, section, categories, elements, origin, List.of());
    }

    public String residentId() {
        return residentId;
    }

    public String resourceType() {
        return resourceType;
    }

    public Optional<StorySection> section() {
        return section;
    }

    /** Resource-level sensitivity categories (they apply to every element). */
    public Set<SensitivityCategory> categories() {
        return categories;
    }

    public List<Element> elements() {
        return elements;
    }

    public Origin origin() {
        return origin;
    }

    /** Ids of open disputes about this item; they travel with every disclosure of it. */
    public List<String> openDisputes() {
        return openDisputes;
    }

    /** The categories that apply to element {@code i}: the item's and the element's own. */
    public Set<SensitivityCategory> categoriesOf(int i) {
        return Categories.set(categoryMasks[i]);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DataItem d && residentId.equals(d.residentId) && resourceType.equals(d.resourceType)
                && section.equals(d.section) && categories.equals(d.categories) && elements.equals(d.elements)
                && origin == d.origin && openDisputes.equals(d.openDisputes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(residentId, resourceType, section, categories, elements, origin, openDisputes);
    }

    @Override
    public String toString() {
        return "DataItem[" + resourceType + " of " + residentId + ", " + elements.size() + " elements, " + origin + "]";
    }
}
