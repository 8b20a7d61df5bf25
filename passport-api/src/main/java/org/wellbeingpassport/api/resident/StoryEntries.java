package org.wellbeingpassport.api.resident;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.UUID;
import org.wellbeingpassport.api.auth.Caller;
import org.wellbeingpassport.api.http.codes.SectionCode;
import org.wellbeingpassport.fhir.Fhir;
import org.wellbeingpassport.fhir.codes.CodeSystems;

/**
 * An entry of the resident's story in plain words, stored as the FHIR the rest of the service reads: an Observation
 * coded with the story section, the resident as its subject and performer, marked as written by them (as the pages'
 * notes are). Written through {@link ResidentWrites}: validated, provenance from the caller, the gate's audit entry
 * first, sealed, versioned.
 */
@Singleton
public final class StoryEntries {
    private final ResidentWrites writes;

    public StoryEntries(ResidentWrites writes) {
        this.writes = writes;
    }

    /** The entry as written, and whether this write created it. */
    public record Saved(StoryEntry entry, boolean created) {
    }

    /** A new entry in a section. */
    public Saved add(Caller me, String residentId, SectionCode section, String text) {
        return put(me, residentId, section, "note-" + UUID.randomUUID().toString().substring(0, 18), text,
                OptionalLong.empty());
    }

    /** Writes the entry {@code id} of a section with these words (If-Match: the version it replaces). */
    public Saved put(Caller me, String residentId, SectionCode section, String id, String text, OptionalLong ifMatch) {
        String code = section.vocabulary().code();
        ObjectNode r = Fhir.json().createObjectNode();
        r.put("resourceType", "Observation");
        r.put("id", id);
        r.put("status", "final");
        r.putObject("code").putArray("coding").addObject().put("system", CodeSystems.STORY_SECTION).put("code", code);
        r.putObject("subject").put("reference", "Patient/" + residentId);
        Instant now = Instant.now();
        r.put("effectiveDateTime", now.toString());
        r.putArray("performer").addObject().put("reference", "Patient/" + residentId);
        r.put("valueString", text.strip());
        ArrayNode ext = r.putArray("extension");
        ext.addObject().put("url", CodeSystems.EXT_RESIDENT_ASSERTION).putObject("valueCoding")
                .put("system", CodeSystems.RESIDENT_ASSERTION).put("code", "written");
        ext.addObject().put("url", CodeSystems.EXT_ASSERTED_ON).put("valueDateTime", now.toString());
        ResidentWrites.Written w = writes.write(me, residentId, "Observation", id, r.toString(), ifMatch);
        return new Saved(new StoryEntry(id, section, text.strip(), w.version()), w.created());
    }
}
