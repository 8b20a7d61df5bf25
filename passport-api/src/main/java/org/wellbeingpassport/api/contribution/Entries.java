package org.wellbeingpassport.api.contribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.wellbeingpassport.fhir.codes.CodeSystems;
import org.wellbeingpassport.fhir.codes.ResidentAssertion;

/** Authorship and the resident's assertion on passport entries (whole resources or Composition sections). */
public final class Entries {
    /** Resources about the record rather than the story: never proposed, confirmed or disputed. */
    public static final Set<String> NOT_ENTRIES = Set.of("Consent", "AuditEvent", "Task", "Provenance",
            "Communication");

    private Entries() {
    }

    /** The element of a resource type that names who wrote it. */
    public static Optional<String> authorElement(String type) {
        return switch (type) {
            case "Goal" -> Optional.of("expressedBy");
            case "ServiceRequest" -> Optional.of("requester");
            case "Observation" -> Optional.of("performer");
            case "Condition" -> Optional.of("recorder");
            case "CarePlan", "Composition" -> Optional.of("author");
            default -> Optional.empty();
        };
    }

    /** Who wrote an entry: its author reference ("Practitioner/x", "Patient/y"), if it names one. */
    public static Optional<String> authorOf(JsonNode element, String type) {
        JsonNode author = element.path(authorElement(type).orElse("author"));
        if (author.isArray()) {
            author = author.path(0);
        }
        String ref = author.path("reference").asText("");
        return ref.isEmpty() ? Optional.empty() : Optional.of(ref);
    }

    /** The display name of the author, if given. */
    public static Optional<String> authorName(JsonNode element, String type) {
        JsonNode author = element.path(authorElement(type).orElse("author"));
        if (author.isArray()) {
            author = author.path(0);
        }
        String display = author.path("display").asText("");
        return display.isEmpty() ? Optional.empty() : Optional.of(display);
    }

    public static Optional<ResidentAssertion> assertion(JsonNode element) {
        for (JsonNode x : element.path("extension")) {
            if (CodeSystems.EXT_RESIDENT_ASSERTION.equals(x.path("url").asText())) {
                return ResidentAssertion.fromCode(x.path("valueCoding").path("code").asText());
            }
        }
        return Optional.empty();
    }

    public static Optional<String> assertedOn(JsonNode element) {
        for (JsonNode x : element.path("extension")) {
            if (CodeSystems.EXT_ASSERTED_ON.equals(x.path("url").asText())) {
                return Optional.of(x.path("valueDateTime").asText());
            }
        }
        return Optional.empty();
    }

    /** Sets (replacing) the resident-assertion extension; with {@code at}, also asserted-on. */
    public static void setAssertion(ObjectNode element, ResidentAssertion a, Optional<Instant> at) {
        ArrayNode ext = element.get("extension") instanceof ArrayNode e ? e : element.putArray("extension");
        for (int i = ext.size() - 1; i >= 0; i--) {
            String url = ext.get(i).path("url").asText();
            if (url.equals(CodeSystems.EXT_RESIDENT_ASSERTION)
                    || (at.isPresent() && url.equals(CodeSystems.EXT_ASSERTED_ON))) {
                ext.remove(i);
            }
        }
        ObjectNode assertion = ext.addObject();
        assertion.put("url", CodeSystems.EXT_RESIDENT_ASSERTION);
        ObjectNode coding = assertion.putObject("valueCoding");
        coding.put("system", CodeSystems.RESIDENT_ASSERTION);
        coding.put("code", a.code());
        coding.put("display", a.display());
        at.ifPresent(t -> ext.addObject().put("url", CodeSystems.EXT_ASSERTED_ON).put("valueDateTime", t.toString()));
    }

    /** A top-level story section of a Composition, by its code. */
    public static Optional<ObjectNode> section(JsonNode composition, String code) {
        for (JsonNode s : composition.path("section")) {
            for (JsonNode c : s.path("code").path("coding")) {
                if (CodeSystems.STORY_SECTION.equals(c.path("system").asText())
                        && code.equals(c.path("code").asText())) {
                    return Optional.of((ObjectNode) s);
                }
            }
        }
        return Optional.empty();
    }

    public static String sectionCode(JsonNode section) {
        for (JsonNode c : section.path("code").path("coding")) {
            if (CodeSystems.STORY_SECTION.equals(c.path("system").asText())) {
                return c.path("code").asText();
            }
        }
        return "";
    }

    /** The anchor open disputes attach to (as ResourceItems names them): "" or "Composition.section[code]". */
    public static String anchor(Optional<String> section) {
        return section.map(s -> "Composition.section[" + s + "]").orElse("");
    }

    /** A few words saying what an entry is, for lists the resident reads (never sent to anyone else). */
    public static String summary(JsonNode resource) {
        String type = resource.path("resourceType").asText();
        String text = switch (type) {
            case "Goal" -> resource.path("description").path("text").asText("");
            case "ServiceRequest", "Observation", "Condition" -> {
                JsonNode code = resource.path("code");
                String t = code.path("text").asText("");
                yield t.isEmpty() ? code.path("coding").path(0).path("display").asText("") : t;
            }
            case "CarePlan" -> resource.path("title").asText("");
            default -> "";
        };
        if (type.equals("Observation")) {
            JsonNode v = resource.has("valueInteger")
                    ? resource.get("valueInteger")
                    : resource.has("valueString") ? resource.get("valueString") : null;
            if (v != null) {
                text = text.isEmpty() ? v.asText() : text + ": " + v.asText();
            }
        }
        text = text.isEmpty() ? type : text;
        return text.length() > 120 ? text.substring(0, 117) + "..." : text;
    }
}
