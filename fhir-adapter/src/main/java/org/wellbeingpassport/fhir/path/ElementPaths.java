package org.wellbeingpassport.fhir.path;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.wellbeingpassport.consent.vocabulary.SensitivityCategory;
import org.wellbeingpassport.consent.vocabulary.StorySection;
import org.wellbeingpassport.fhir.codes.CodeSystems;
import org.wellbeingpassport.fhir.codes.SecurityLabels;

/**
 * Element paths: the names consent directives use for parts of the passport. The scheme is
 * hierarchical, so that a path P covers P and every path starting with P followed by '.' or '['
 * (consent-engine's rule):
 *
 * <pre>
 * root      = ResourceType | "Observation[" code "]"           e.g. Patient, Observation[wemwbs]
 * element   = root "." name                                   e.g. Patient.birthDate, Observation[wemwbs].value
 * entry     = root "." name "[" key "]"                        e.g. Patient.telecom[phone], Patient.identifier[nhs-number]
 * section   = "Composition.section[" code "]" ( ".section[" code "]" )*
 *             section, section ".text", section ".entry"      e.g. Composition.section[health-and-wellbeing].section[trauma-detail].text
 * </pre>
 *
 * <p>Names are FHIR element names, choice types without their type ({@code value}, not
 * {@code valueInteger}). Keys of repeating elements are stable across updates: a section's code; an
 * extension's URL tail; an element id; an identifier's system tail; a contact point's system; a
 * coding's code; only otherwise the index. A repeated key gets "~2", "~3"... Each path names the
 * content at that place that no longer path names (a section path: its authorship and extensions;
 * its text and entries have their own paths). Only places that hold content get a path: resource
 * roots and whole arrays do not, and id, meta, text (narrative) and language are never withheld
 * on their own (the narrative goes whenever anything is withheld). Required primitive elements
 * (status, intent, a Composition's date and title) have no path either: a reader needs them to
 * read the rest, and R4 gives a required code no way to be absent.
 *
 * <p>Inline (DS4P) labels are looked for only in resources flagged with the process-inline-label
 * security code; a label applies to the path of the element carrying it and every path below it.
 */
public final class ElementPaths {
    private ElementPaths() {
    }

    /** Every element path in the resource, in document order. */
    public static List<ElementPath> of(JsonNode resource) {
        String type = resource.path("resourceType").asText();
        String root = PathKeys.root(resource);
        boolean scan = PathKeys.hasInlineLabels(resource);
        boolean composition = type.equals("Composition");
        Optional<StorySection> section = composition ? Optional.empty() : PathKeys.sectionOf(resource);
        List<ElementPath> out = new ArrayList<>();
        Iterator<String> names = resource.fieldNames();
        while (names.hasNext()) {
            String key = names.next();
            String json = key.startsWith("_") ? key.substring(1) : key;
            if (PathKeys.structural(json) || (key.length() != json.length() && resource.has(json))) {
                continue; // "_x" goes with "x"
            }
            FhirShape.Info info = FhirShape.info(type, json);
            JsonNode v = resource.get(json);
            JsonNode u = resource.get("_" + json);
            if (info != null && info.required() && v != null && v.isValueNode()) {
                continue; // status, intent, date...: what a reader needs to read the rest; never withheld
            }
            String element = info == null ? json : info.element();
            if (composition && json.equals("section") && v != null && v.isArray()) {
                String[] keys = PathKeys.entryKeys("section", v, v.size());
                for (int i = 0; i < v.size(); i++) {
                    JsonNode s = v.get(i);
                    sections(s, root + ".section[" + keys[i] + "]", PathKeys.storySection(PathKeys.sectionCode(s)),
                            Set.of(), scan, out);
                }
            } else if ((v != null && v.isArray()) || (u != null && u.isArray())) {
                int n = Math.max(v == null ? 0 : v.size(), u == null ? 0 : u.size());
                String[] keys = PathKeys.entryKeys(element, v != null && v.isArray() ? v : null, n);
                String prefix = root + "." + element + "[";
                for (int i = 0; i < n; i++) {
                    Set<SensitivityCategory> labels = scan
                            ? labels(v == null ? null : v.get(i), u == null ? null : u.get(i))
                            : Set.of();
                    out.add(new ElementPath(prefix + keys[i] + "]", section, labels));
                }
            } else {
                Set<SensitivityCategory> labels = scan ? labels(v, u) : Set.of();
                out.add(new ElementPath(root + "." + element, section, labels));
            }
        }
        return List.copyOf(out);
    }

    /** Only the path strings, in document order. */
    public static List<String> paths(JsonNode resource) {
        return of(resource).stream().map(ElementPath::path).toList();
    }

    private static void sections(JsonNode s, String path, Optional<StorySection> section,
            Set<SensitivityCategory> inherited, boolean scan, List<ElementPath> out) {
        Set<SensitivityCategory> labels = inherited;
        if (scan) {
            EnumSet<SensitivityCategory> own = EnumSet.noneOf(SensitivityCategory.class);
            own.addAll(inherited);
            ownLabels(s, own);
            labels = Set.copyOf(own);
        }
        out.add(new ElementPath(path, section, labels));
        if (s.has("text")) {
            out.add(new ElementPath(path + ".text", section, labels));
        }
        if (s.has("entry")) {
            out.add(new ElementPath(path + ".entry", section, labels));
        }
        JsonNode subs = s.get("section");
        if (subs != null && subs.isArray()) {
            String[] keys = PathKeys.entryKeys("section", subs, subs.size());
            for (int i = 0; i < subs.size(); i++) {
                sections(subs.get(i), path + ".section[" + keys[i] + "]", section, labels, scan, out);
            }
        }
    }

    /** Labels on the element itself (its own extension array). */
    private static void ownLabels(JsonNode element, Set<SensitivityCategory> into) {
        for (JsonNode x : element.path("extension")) {
            if (CodeSystems.EXT_INLINE_SECURITY_LABEL.equals(x.path("url").asText())) {
                JsonNode c = x.path("valueCoding");
                SecurityLabels.category(c.path("system").asText(), c.path("code").asText()).ifPresent(into::add);
            }
        }
    }

    /** Labels anywhere in (or on) an element and its primitive sibling. */
    private static Set<SensitivityCategory> labels(JsonNode v, JsonNode u) {
        EnumSet<SensitivityCategory> found = EnumSet.noneOf(SensitivityCategory.class);
        collect(v, found);
        collect(u, found);
        return found.isEmpty() ? Set.of() : Set.copyOf(found);
    }

    private static void collect(JsonNode n, Set<SensitivityCategory> into) {
        if (n == null) {
            return;
        }
        if (n.isObject()) {
            ownLabels(n, into);
            for (JsonNode child : n) {
                if (child.isContainerNode()) {
                    collect(child, into);
                }
            }
        } else if (n.isArray()) {
            for (JsonNode child : n) {
                collect(child, into);
            }
        }
    }
}
