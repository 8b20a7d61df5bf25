package org.wellbeingpassport.consent;

import java.util.Objects;
import java.util.Set;
import org.wellbeingpassport.consent.vocabulary.SensitivityCategory;
import org.wellbeingpassport.consent.vocabulary.StorySection;

/**
 * What a provision covers. Within one dimension any value matches; across dimensions all given
 * dimensions must match; an empty dimension does not constrain.
 *
 * <ul>
 * <li>{@code sections}, {@code resourceTypes}, {@code paths}: select data. A path P covers P itself
 * and every path starting with P followed by '.' or '['.
 * <li>{@code categories}: in a permit, the sensitive categories it names (sensitive data is withheld
 * unless every category it carries is named); a permit with no other selector covers exactly the
 * data in those categories. In a deny, they select: the deny applies to data in any of them.
 * <li>{@code wholeRecord}: an explicit "everything" (never implied by empty dimensions).
 * </ul>
 */
public record Scope(Set<StorySection> sections, Set<String> resourceTypes, Set<String> paths,
        Set<SensitivityCategory> categories, boolean wholeRecord) {

    public Scope {
        sections = Set.copyOf(Objects.requireNonNull(sections, "sections"));
        resourceTypes = Set.copyOf(Objects.requireNonNull(resourceTypes, "resourceTypes"));
        paths = Set.copyOf(Objects.requireNonNull(paths, "paths"));
        categories = Set.copyOf(Objects.requireNonNull(categories, "categories"));
    }

    public static Scope sections(StorySection... sections) {
        return new Scope(Set.of(sections), Set.of(), Set.of(), Set.of(), false);
    }

    public static Scope resourceTypes(String... types) {
        return new Scope(Set.of(), Set.of(types), Set.of(), Set.of(), false);
    }

    public static Scope paths(String... paths) {
        return new Scope(Set.of(), Set.of(), Set.of(paths), Set.of(), false);
    }

    public static Scope categories(SensitivityCategory... categories) {
        return new Scope(Set.of(), Set.of(), Set.of(), Set.of(categories), false);
    }

    public static Scope everything() {
        return new Scope(Set.of(), Set.of(), Set.of(), Set.of(), true);
    }

    /** The same selection, also naming (permit) or selecting (deny) these sensitive categories. */
    public Scope including(SensitivityCategory... more) {
        var all = new java.util.HashSet<>(categories);
        all.addAll(Set.of(more));
        return new Scope(sections, resourceTypes, paths, all, wholeRecord);
    }

    /** True when nothing at all is selected: reported by validation as an empty provision. */
    public boolean isEmpty() {
        return !wholeRecord && sections.isEmpty() && resourceTypes.isEmpty() && paths.isEmpty() && categories.isEmpty();
    }

    /** True when no data selector is given (only categories, if anything). */
    boolean selectsNoData() {
        return !wholeRecord && sections.isEmpty() && resourceTypes.isEmpty() && paths.isEmpty();
    }

    /** The path rule shared with fhir-adapter: P covers P and P followed by '.' or '['. */
    public static boolean covers(String prefix, String path) {
        int n = prefix.length();
        if (!path.startsWith(prefix)) {
            return false;
        }
        if (path.length() == n) {
            return true;
        }
        char c = path.charAt(n);
        return c == '.' || c == '[';
    }
}
