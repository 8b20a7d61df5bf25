package org.wellbeingpassport.fhir.path;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.wellbeingpassport.consent.vocabulary.StorySection;
import org.wellbeingpassport.fhir.codes.CodeSystems;
import org.wellbeingpassport.fhir.codes.SecurityLabels;
import org.wellbeingpassport.fhir.codes.SubSection;

/** The keys of the path scheme (see {@link ElementPaths}); shared by extraction and redaction so they always agree. */
public final class PathKeys {
    private PathKeys() {
    }

    /** Keys that are never element paths: identity and bookkeeping, kept whenever the resource is. */
    static boolean structural(String key) {
        return switch (key) {
            case "resourceType", "id", "meta", "implicitRules", "language", "text" -> true;
            default -> false;
        };
    }

    /** The resource's root path: its type, keyed for Observations by their code. */
    public static String root(JsonNode resource) {
        String type = resource.path("resourceType").asText();
        if (type.equals("Observation")) {
            String code = observationCode(resource);
            if (code != null) {
                return type + "[" + code + "]";
            }
        }
        return type;
    }

    static String observationCode(JsonNode resource) {
        JsonNode codings = resource.path("code").path("coding");
        String first = null;
        for (JsonNode c : codings) {
            String system = c.path("system").asText();
            String code = c.path("code").asText(null);
            if (code == null) {
                continue;
            }
            if (system.equals(CodeSystems.WELLBEING_MEASURE) || system.equals(CodeSystems.STORY_SECTION)) {
                return code;
            }
            if (first == null) {
                first = code;
            }
        }
        return first;
    }

    /** The code of a Composition section in our story-section code system, if it has one. */
    static String sectionCode(JsonNode section) {
        for (JsonNode c : section.path("code").path("coding")) {
            if (CodeSystems.STORY_SECTION.equals(c.path("system").asText())) {
                String code = c.path("code").asText(null);
                if (code != null) {
                    return code;
                }
            }
        }
        return null;
    }

    /** The story section a resource belongs to as a whole (Composition: per section instead). */
    public static Optional<StorySection> sectionOf(JsonNode resource) {
        String type = resource.path("resourceType").asText();
        return switch (type) {
            case "Patient" -> Optional.of(StorySection.IDENTITY);
            case "RelatedPerson", "CareTeam" -> Optional.of(StorySection.SUPPORT_NETWORK);
            case "ServiceRequest" -> Optional.of(StorySection.SERVICES_INVOLVED);
            case "CarePlan" -> Optional.of(StorySection.CARE_PLAN);
            case "Goal" -> Optional.of(StorySection.GOALS);
            case "Condition", "AllergyIntolerance", "MedicationStatement" ->
                Optional.of(StorySection.HEALTH_AND_WELLBEING);
            case "Observation" -> {
                String code = observationCode(resource);
                Optional<StorySection> named = storySection(code);
                yield named.isPresent() ? named : Optional.of(StorySection.MEASURES);
            }
            // a Provenance made for a correction belongs where its target does (tagged when it is written), so it is
            // disclosed with that part of the story and not otherwise; other Provenances as before
            case "Provenance" -> {
                Optional<StorySection> tagged = Optional.empty();
                for (JsonNode t : resource.path("meta").path("tag")) {
                    if (CodeSystems.STORY_SECTION.equals(t.path("system").asText())) {
                        tagged = storySection(t.path("code").asText(null));
                    }
                }
                yield tagged;
            }
            default -> Optional.empty();
        };
    }

    /** A story-section or sub-section code as its (top-level) story section. */
    static Optional<StorySection> storySection(String code) {
        if (code == null) {
            return Optional.empty();
        }
        Optional<StorySection> s = StorySection.fromCode(code);
        return s.isPresent() ? s : SubSection.fromCode(code).map(SubSection::parent);
    }

    /**
     * The key of one entry of a repeating element, before de-duplication: the entry's element id; an
     * extension's URL tail; an identifier's system tail; a contact point's system; a coding's code;
     * otherwise the entry's index.
     */
    static String entryKey(String element, JsonNode entry, int index) {
        if (entry != null && entry.isObject()) {
            if (element.equals("extension") || element.equals("modifierExtension")) {
                String url = entry.path("url").asText("");
                return url.substring(url.lastIndexOf('/') + 1);
            }
            if (element.equals("section")) {
                String code = sectionCode(entry);
                if (code != null) {
                    return code;
                }
            }
            JsonNode id = entry.get("id");
            if (id != null && id.isTextual()) {
                return id.textValue();
            }
            if (element.equals("identifier")) {
                String system = entry.path("system").asText("");
                if (!system.isEmpty()) {
                    return system.substring(system.lastIndexOf('/') + 1);
                }
            }
            if (element.equals("telecom")) {
                JsonNode system = entry.get("system");
                if (system != null && system.isTextual()) {
                    return system.textValue();
                }
            }
            JsonNode language = entry.path("language").path("coding").path(0).get("code");
            if (language != null && language.isTextual()) {
                return language.textValue();
            }
            JsonNode coding = entry.path("coding").path(0).get("code");
            if (coding != null && coding.isTextual()) {
                return coding.textValue();
            }
            JsonNode code = entry.get("code");
            if (code != null && code.isTextual()) {
                return code.textValue();
            }
        }
        return Integer.toString(index);
    }

    /** Keys for every entry of an array, de-duplicated in order ("phone", "phone~2", ...). */
    public static String[] entryKeysFor(String element, JsonNode array, int size) {
        return entryKeys(element, array, size);
    }

    static String[] entryKeys(String element, JsonNode array, int size) {
        String[] keys = new String[size];
        Set<String> seen = size > 1 ? new HashSet<>() : null;
        for (int i = 0; i < size; i++) {
            String k = entryKey(element, array == null ? null : array.get(i), i);
            if (seen != null && !seen.add(k)) {
                int n = 2;
                while (!seen.add(k + "~" + n)) {
                    n++;
                }
                k = k + "~" + n;
            }
            keys[i] = k;
        }
        return keys;
    }

    /** True when the resource says some of its elements carry inline labels (so they are worth looking for). */
    static boolean hasInlineLabels(JsonNode resource) {
        for (JsonNode c : resource.path("meta").path("security")) {
            String code = c.path("code").asText();
            if (code.equals(SecurityLabels.PROCESS_INLINE_LABEL.code()) || code.equals("PROCESSINLINELABEL")) {
                return true;
            }
        }
        return false;
    }
}
