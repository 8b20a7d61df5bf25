package org.wellbeingpassport.api.resident;

import org.wellbeingpassport.api.audit.AuditAction;
import org.wellbeingpassport.api.auth.Caller;
import org.wellbeingpassport.api.gate.Gate;
import org.wellbeingpassport.api.gate.Provenance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.wellbeingpassport.api.contribution.Entries;
import org.wellbeingpassport.api.passport.IdentifierIndex;
import org.wellbeingpassport.api.http.Problem;
import org.wellbeingpassport.api.passport.SealedElements;
import org.wellbeingpassport.api.passport.PreparedPassports;
import org.wellbeingpassport.api.store.PassportStore;
import org.wellbeingpassport.api.store.WriteOutcome;
import org.wellbeingpassport.fhir.Fhir;
import org.wellbeingpassport.fhir.codes.CodeSystems;
import org.wellbeingpassport.fhir.codes.ResidentAssertion;
import org.wellbeingpassport.fhir.validate.Issue;
import org.wellbeingpassport.fhir.validate.PassportValidator;
import org.wellbeingpassport.fhir.validate.ValidationReport;

/**
 * A resident writing their own story: validated at the door (base R4 and our rules), marked as written by the
 * resident, sealed at rest, versioned. Story sections the resident changed are attributed to them.
 */
@Singleton
public final class ResidentWrites {
    /** Resource types a resident writes directly; the rest (Consent, AuditEvent, Provenance) have their own routes. */
    static final List<String> WRITABLE = List.of("Patient", "Composition", "Goal", "Observation", "CarePlan",
            "RelatedPerson", "Condition", "CareTeam", "ServiceRequest");

    private final PassportStore store;
    private final SealedElements sealed;
    private final IdentifierIndex identifiers;
    private final Gate gate;
    private final PreparedPassports prepared;

    public ResidentWrites(PassportStore store, SealedElements sealed, IdentifierIndex identifiers, Gate gate,
            PreparedPassports prepared) {
        this.prepared = prepared;
        this.store = store;
        this.sealed = sealed;
        this.identifiers = identifiers;
        this.gate = gate;
    }

    /** A write that took effect: the resource's new version, and whether it was created. */
    public record Written(long version, boolean created) {
    }

    /**
     * Validates, marks as the resident's (provenance from the caller, never the body), records the change in the
     * audit trail first and only then writes; a write that then does not take effect is recorded as not applied and
     * refused (412 when a newer version was there, otherwise the one 404).
     */
    public Written write(Caller me, String residentId, String type, String id, String body, OptionalLong ifMatch) {
        if (!WRITABLE.contains(type)) {
            throw Problem.badRequest("A resident writes " + String.join(", ", WRITABLE) + " here; not " + type);
        }
        ObjectNode resource = parseAndValidate(body, type);
        if (!id.equals(resource.path("id").asText())) {
            throw Problem.badRequest("The id in the body must equal the id in the URL (" + id + ")");
        }
        if (type.equals("Patient") && !id.equals(residentId)) {
            throw Problem.badRequest("Your Patient resource is Patient/" + residentId);
        }
        if (!type.equals("Patient") && !refersTo(resource, residentId)) {
            throw Problem.badRequest(
                    "The " + type + " must be about you: its subject (or patient) must be Patient/" + residentId);
        }
        PassportStore.Seen seen = store.readForChange(residentId, type, id); // the write starts from this read
        Optional<ObjectNode> previous = seen.resource().map(r -> sealed.unseal(residentId, Fhir.tree(r.json())));
        boolean unchanged = attribute(resource, residentId, previous);
        Provenance.stamp(resource, me);
        if (unchanged) {
            keepOrigin(resource, previous.get());
        }
        Gate.Change change = new Gate.Change(me, previous.isPresent() ? AuditAction.UPDATE : AuditAction.CREATE,
                residentId, List.of(type + "/" + id), Optional.of("direct-care"), "resident",
                "the resident wrote their " + type);
        WriteOutcome outcome = gate.change(change,
                () -> store.update(seen, ifMatch, true, sealed.sealedVersion(residentId, resource)));
        if (!(outcome instanceof WriteOutcome.Written)) {
            gate.notApplied(change,
                    outcome instanceof WriteOutcome.VersionConflict
                            ? "a newer version was there"
                            : "the record was not there");
        } else if (type.equals("Patient")) {
            identifiers.index(residentId, resource);
        }
        if (outcome instanceof WriteOutcome.Written w) {
            if (!w.created()) {
                prepared.written(residentId, List.of(w.resource()), w.step()); // this instance's copy goes on to the new version
            }
            return new Written(w.resource().version(), w.created());
        }
        if (outcome instanceof WriteOutcome.VersionConflict c) {
            throw new Problem(io.micronaut.http.HttpStatus.PRECONDITION_FAILED, "Changed since you read it", type + "/"
                    + id + " is now at version " + c.currentVersion() + "; read it again and reapply your change.");
        }
        throw Problem.notAvailable();
    }

    /** Parses and validates, or refuses listing every issue with its location. */
    public static ObjectNode parseAndValidate(String body, String expectedType) {
        if (body == null || body.isBlank()) {
            throw Problem.badRequest("Send a FHIR " + expectedType + " resource as JSON");
        }
        if (!isJsonObject(body)) {
            // malformed syntax is 400 by the error rule; the parser's message may echo the body, so it is not sent
            throw Problem.badRequest("Send a FHIR " + expectedType + " resource as a JSON object");
        }
        ValidationReport report = PassportValidator.shared().validate(body);
        if (!report.valid()) {
            throw Problem.invalid("The " + expectedType + " is not valid FHIR R4 for the passport",
                    report.errors().stream().map(ResidentWrites::describe).toList());
        }
        ObjectNode tree = Fhir.tree(body);
        if (!expectedType.equals(tree.path("resourceType").asText())) {
            throw Problem.badRequest("Expected a " + expectedType + " but the body is a "
                    + tree.path("resourceType").asText("resource of no type"));
        }
        return tree;
    }

    /** A plain mapper, as this check always used; one for every call (it is thread-safe and dear to build). */
    private static final com.fasterxml.jackson.databind.ObjectMapper PLAIN = new com.fasterxml.jackson.databind.ObjectMapper();

    private static boolean isJsonObject(String body) {
        try {
            return PLAIN.readTree(body) instanceof ObjectNode;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return false;
        }
    }

    static String describe(Issue i) {
        return i.location() + ": " + i.message();
    }

    private static boolean refersTo(ObjectNode resource, String residentId) {
        String expected = "Patient/" + residentId;
        for (String field : List.of("subject", "patient")) {
            JsonNode ref = resource.path(field).path("reference");
            if (!ref.isMissingNode()) {
                return expected.equals(ref.asText());
            }
        }
        return false;
    }

    /**
     * Who wrote an entry is the service's to say, never the body's. An entry whose content the resident changed (or
     * added) is theirs: its author element names their Patient and its assertion is "written", whatever the body
     * claimed (a resident cannot make an entry look proposed or confirmed, or written by a professional). An entry
     * sent back unchanged keeps who wrote it and where it stands (a professional's proposal stays proposed: confirming
     * it is its own route). Story sections of the Composition are attributed one by one.
     */
    private static boolean attribute(ObjectNode resource, String residentId, Optional<ObjectNode> previous) {
        String type = resource.path("resourceType").asText();
        if (type.equals("Patient")) {
            return false;
        }
        if (!type.equals("Composition")) {
            return attributeEntry(resource, type, residentId, previous);
        }
        ArrayNode before = previous.map(p -> (ArrayNode) p.path("section")).filter(JsonNode::isArray).orElse(null);
        for (JsonNode s : resource.path("section")) {
            ObjectNode section = (ObjectNode) s;
            JsonNode old = before == null ? null : find(before, section);
            if (old != null && old.path("text").equals(section.path("text"))
                    && old.path("section").equals(section.path("section"))) {
                keepAuthorship(section, (ObjectNode) old, Optional.of("author")); // unchanged: keeps who wrote it
                continue;
            }
            section.putArray("author").addObject().put("reference", "Patient/" + residentId);
            Entries.setAssertion(section, ResidentAssertion.WRITTEN, Optional.of(Instant.now()));
        }
        return false;
    }

    /** Attributes one entry; true when its content is unchanged, so it keeps who wrote it. */
    private static boolean attributeEntry(ObjectNode resource, String type, String residentId,
            Optional<ObjectNode> previous) {
        Optional<String> authorElement = Entries.authorElement(type);
        if (previous.isPresent() && content(resource, authorElement).equals(content(previous.get(), authorElement))) {
            keepAuthorship(resource, previous.get(), authorElement);
            return true;
        }
        authorElement.ifPresent(e -> {
            ObjectNode me = Fhir.json().createObjectNode().put("reference", "Patient/" + residentId);
            if (MANY_AUTHORS.contains(type)) {
                resource.putArray(e).add(me);
            } else {
                resource.set(e, me);
            }
        });
        Entries.setAssertion(resource, ResidentAssertion.WRITTEN, Optional.of(Instant.now()));
        return false;
    }

    /** An entry sent back unchanged keeps the origin its content came with (the stamp put the resident's). */
    private static void keepOrigin(ObjectNode resource, ObjectNode previous) {
        ArrayNode tags = (ArrayNode) resource.path("meta").path("tag");
        for (int i = tags.size() - 1; i >= 0; i--) {
            if (CodeSystems.ORIGIN.equals(tags.get(i).path("system").asText())) {
                tags.remove(i);
            }
        }
        for (JsonNode t : previous.path("meta").path("tag")) {
            if (CodeSystems.ORIGIN.equals(t.path("system").asText())) {
                tags.add(t.deepCopy());
            }
        }
    }

    /** What the service said before about who wrote an element (author and assertion), whatever the body says. */
    private static void keepAuthorship(ObjectNode element, ObjectNode before, Optional<String> authorElement) {
        authorElement.ifPresent(e -> {
            element.remove(e);
            if (before.has(e)) {
                element.set(e, before.get(e).deepCopy());
            }
        });
        removeAssertion(element);
        for (JsonNode x : before.path("extension")) {
            if (isAssertion(x)) {
                extensions(element).add(x.deepCopy());
            }
        }
        if (element.path("extension").isEmpty()) {
            element.remove("extension");
        }
    }

    /** Types whose author element is a list (Observation.performer); for the others it is one reference. */
    private static final java.util.Set<String> MANY_AUTHORS = java.util.Set.of("Observation");

    /** An entry without what the service decides about it: meta, author element, assertion and asserted-on. */
    private static ObjectNode content(ObjectNode resource, Optional<String> authorElement) {
        ObjectNode c = resource.deepCopy();
        c.remove("meta");
        authorElement.ifPresent(c::remove);
        removeAssertion(c);
        if (c.path("extension").isEmpty()) {
            c.remove("extension");
        }
        return c;
    }

    private static boolean isAssertion(JsonNode x) {
        String url = x.path("url").asText();
        return url.equals(CodeSystems.EXT_RESIDENT_ASSERTION) || url.equals(CodeSystems.EXT_ASSERTED_ON);
    }

    private static void removeAssertion(ObjectNode resource) {
        if (resource.get("extension") instanceof ArrayNode ext) {
            for (int i = ext.size() - 1; i >= 0; i--) {
                if (isAssertion(ext.get(i))) {
                    ext.remove(i);
                }
            }
        }
    }

    private static ArrayNode extensions(ObjectNode resource) {
        return resource.get("extension") instanceof ArrayNode e ? e : resource.putArray("extension");
    }

    private static JsonNode find(ArrayNode sections, ObjectNode section) {
        JsonNode code = section.path("code");
        for (JsonNode s : sections) {
            if (s.path("code").equals(code)) {
                return s;
            }
        }
        return null;
    }
}
