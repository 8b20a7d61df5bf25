package org.wellbeingpassport.api.pages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.wellbeingpassport.api.auth.Callers;
import org.wellbeingpassport.api.resident.ResidentController;
import org.wellbeingpassport.fhir.codes.CodeSystems;

/**
 * The resident writing their story from a page, in their own words: a new entry in a section (an Observation coded
 * with that section, the resident as its performer, as the API's notes are), or new words for an entry they wrote
 * themselves (such a note, or a story section of theirs). Every write goes through the API's own resident write
 * ({@code PUT /me/passport/{type}/{id}}, called in process): validation, provenance from the caller, the gate's
 * audit entry first, sealing, and If-Match against the version the page read.
 */
@Singleton
public final class StoryWrites {
    private final ResidentController resident;

    public StoryWrites(ResidentController resident) {
        this.resident = resident;
    }

    /** An entry the resident may change: its type, id, story section code, words and version. */
    public record Editable(String type, String id, String section, String text, Optional<String> version) {
    }

    /** Adds an entry to a section; returns its id. */
    public String add(Authentication auth, String residentId, String section, String text) {
        String id = "note-" + UUID.randomUUID().toString().substring(0, 18);
        ObjectNode r = Flows.JSON.createObjectNode();
        r.put("resourceType", "Observation");
        r.put("id", id);
        r.put("status", "final");
        r.putObject("code").putArray("coding").addObject().put("system", CodeSystems.STORY_SECTION).put("code",
                section);
        r.putObject("subject").put("reference", "Patient/" + residentId);
        Instant now = Instant.now();
        r.put("effectiveDateTime", now.toString());
        r.putArray("performer").addObject().put("reference", "Patient/" + residentId).put("display",
                Callers.of(auth).name());
        r.put("valueString", text);
        written(r, now);
        resident.write(auth, "Observation", id, r.toString(), null);
        return id;
    }

    /** The entry as it is now, if it is the resident's own words (others' entries are confirmed or disputed). */
    public Optional<Editable> find(ObjectNode myPassport, String type, String id, String section) {
        for (JsonNode e : myPassport.path("entry")) {
            JsonNode r = e.path("resource");
            if (!type.equals(r.path("resourceType").asText()) || !id.equals(r.path("id").asText())) {
                continue;
            }
            Optional<String> version = Flows.text(r.path("meta"), "versionId");
            if (type.equals("Observation") && r.has("valueString") && isWritten(r)) {
                return Optional
                        .of(new Editable(type, id, StoryView.sectionCode(r), r.path("valueString").asText(), version));
            }
            if (type.equals("Composition")) {
                return section(r.path("section"), section).filter(StoryWrites::isWritten).map(
                        s -> new Editable(type, id, section, String.join("\n\n", StoryView.narrative(s)), version));
            }
        }
        return Optional.empty();
    }

    /** Replaces the words of an entry of the resident's own. */
    public void edit(Authentication auth, ObjectNode myPassport, Editable entry, String text) {
        for (JsonNode e : myPassport.path("entry")) {
            JsonNode found = e.path("resource");
            if (!entry.type().equals(found.path("resourceType").asText())
                    || !entry.id().equals(found.path("id").asText())) {
                continue;
            }
            ObjectNode r = found.deepCopy();
            r.remove("text"); // the resource narrative would still say the old words
            if (entry.type().equals("Observation")) {
                r.put("valueString", text);
                written(r, Instant.now());
            } else {
                ObjectNode s = (ObjectNode) section(r.path("section"), entry.section()).orElseThrow();
                ObjectNode div = s.putObject("text");
                div.put("status", "generated");
                div.put("div", xhtml(text));
            }
            resident.write(auth, entry.type(), entry.id(), r.toString(),
                    entry.version().map(v -> "W/\"" + v + "\"").orElse(null));
            return;
        }
    }

    /** A section (or sub-section) of a Composition by its code. */
    private static Optional<JsonNode> section(JsonNode sections, String code) {
        for (JsonNode s : sections) {
            if (code.equals(StoryView.sectionCode(s))) {
                return Optional.of(s);
            }
            Optional<JsonNode> deeper = section(s.path("section"), code);
            if (deeper.isPresent()) {
                return deeper;
            }
        }
        return Optional.empty();
    }

    /** Written by the resident: their assertion says so. */
    static boolean isWritten(JsonNode el) {
        for (JsonNode x : el.path("extension")) {
            if (CodeSystems.EXT_RESIDENT_ASSERTION.equals(x.path("url").asText())) {
                return "written".equals(x.path("valueCoding").path("code").asText());
            }
        }
        return false;
    }

    private static void written(ObjectNode r, Instant at) {
        ArrayNode ext = r.has("extension") ? (ArrayNode) r.get("extension") : r.putArray("extension");
        for (int i = ext.size() - 1; i >= 0; i--) {
            String url = ext.get(i).path("url").asText();
            if (url.equals(CodeSystems.EXT_RESIDENT_ASSERTION) || url.equals(CodeSystems.EXT_ASSERTED_ON)) {
                ext.remove(i);
            }
        }
        ObjectNode a = ext.addObject().put("url", CodeSystems.EXT_RESIDENT_ASSERTION);
        a.putObject("valueCoding").put("system", CodeSystems.RESIDENT_ASSERTION).put("code", "written");
        ext.addObject().put("url", CodeSystems.EXT_ASSERTED_ON).put("valueDateTime", at.toString());
    }

    /** Plain words as narrative XHTML: one paragraph per blank-line-separated block, escaped. */
    static String xhtml(String text) {
        StringBuilder b = new StringBuilder("<div xmlns=\"http://www.w3.org/1999/xhtml\">");
        for (String p : text.split("\\R\\s*\\R")) {
            String t = p.strip();
            if (!t.isEmpty()) {
                b.append("<p>").append(
                        t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replaceAll("\\R", " "))
                        .append("</p>");
            }
        }
        return b.append("</div>").toString();
    }
}
