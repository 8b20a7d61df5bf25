package org.wellbeingpassport.fhir.path;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.wellbeingpassport.consent.DataItem;
import org.wellbeingpassport.consent.Element;
import org.wellbeingpassport.consent.Origin;
import org.wellbeingpassport.consent.vocabulary.SensitivityCategory;
import org.wellbeingpassport.consent.vocabulary.StorySection;
import org.wellbeingpassport.fhir.codes.CodeSystems;
import org.wellbeingpassport.fhir.codes.SecurityLabels;

/**
 * One resource as consent-engine data items: usually one item; a Composition gives one item per
 * story section (so section-level directives apply) plus one for its other elements. Each item has
 * an anchor: the path where its open disputes are attached ("" for the resource itself).
 */
public record ResourceItems(String resourceType, List<DataItem> items, List<String> anchors) {
    public ResourceItems {
        Objects.requireNonNull(resourceType, "resourceType");
        items = List.copyOf(items);
        anchors = List.copyOf(anchors);
        if (items.size() != anchors.size()) {
            throw new IllegalArgumentException("one anchor per item");
        }
    }

    /** The items of a resource with no open disputes. */
    public static ResourceItems of(String residentId, JsonNode resource) {
        return of(residentId, resource, Map.of());
    }

    /**
     * The items of a resource. {@code openDisputes} maps an anchor ("" for the whole resource, or a
     * Composition section path such as {@code Composition.section[living-situation]}) to the ids of
     * the open disputes about it.
     */
    public static ResourceItems of(String residentId, JsonNode resource, Map<String, List<String>> openDisputes) {
        String type = resource.path("resourceType").asText();
        Set<SensitivityCategory> categories = categories(resource);
        Origin origin = origin(resource);
        List<ElementPath> paths = ElementPaths.of(resource);
        List<String> resourceDisputes = openDisputes.getOrDefault("", List.of());
        if (!type.equals("Composition")) {
            List<Element> elements = new ArrayList<>(paths.size());
            for (ElementPath p : paths) {
                elements.add(new Element(p.path(), p.labels()));
            }
            return new ResourceItems(type, List.of(new DataItem(residentId, type, PathKeys.sectionOf(resource),
                    categories, elements, origin, resourceDisputes)), List.of(""));
        }
        // Composition: group by top-level section path, in document order
        Map<String, List<ElementPath>> groups = new LinkedHashMap<>();
        for (ElementPath p : paths) {
            groups.computeIfAbsent(anchor(p.path()), k -> new ArrayList<>()).add(p);
        }
        List<DataItem> items = new ArrayList<>();
        List<String> anchors = new ArrayList<>();
        for (Map.Entry<String, List<ElementPath>> g : groups.entrySet()) {
            List<Element> elements = new ArrayList<>();
            Optional<StorySection> section = g.getValue().get(0).section();
            for (ElementPath p : g.getValue()) {
                elements.add(new Element(p.path(), p.labels()));
            }
            List<String> disputes = new ArrayList<>(resourceDisputes);
            if (!g.getKey().isEmpty()) {
                disputes.addAll(openDisputes.getOrDefault(g.getKey(), List.of()));
            } else {
                section = Optional.empty();
            }
            items.add(new DataItem(residentId, type, section, categories, elements, origin, disputes));
            anchors.add(g.getKey());
        }
        return new ResourceItems(type, items, anchors);
    }

    /** "Composition.section[x]" for any path inside top-level section x; "" otherwise. */
    static String anchor(String path) {
        String prefix = "Composition.section[";
        if (!path.startsWith(prefix)) {
            return "";
        }
        int end = path.indexOf(']', prefix.length());
        return end < 0 ? "" : path.substring(0, end + 1);
    }

    /** Resource-level sensitivity categories (meta.security). */
    public static Set<SensitivityCategory> categories(JsonNode resource) {
        EnumSet<SensitivityCategory> out = EnumSet.noneOf(SensitivityCategory.class);
        for (JsonNode c : resource.path("meta").path("security")) {
            SecurityLabels.category(c.path("system").asText(), c.path("code").asText()).ifPresent(out::add);
        }
        return out.isEmpty() ? Set.of() : Set.copyOf(out);
    }

    /** Where the resource came from: its origin tag; a no-onward-disclosure label means a statutory gateway. */
    public static Origin origin(JsonNode resource) {
        for (JsonNode c : resource.path("meta").path("security")) {
            if (SecurityLabels.NO_REDISCLOSURE.is(c.path("system").asText(), c.path("code").asText())) {
                return Origin.STATUTORY_GATEWAY;
            }
        }
        for (JsonNode t : resource.path("meta").path("tag")) {
            if (CodeSystems.ORIGIN.equals(t.path("system").asText())) {
                Optional<Origin> o = Origin.fromCode(t.path("code").asText());
                if (o.isPresent()) {
                    return o.get();
                }
            }
        }
        return Origin.PROFESSIONAL_ENTERED;
    }
}
