package org.wellbeingpassport.api.contribution;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.regex.Pattern;
import org.wellbeingpassport.api.gate.Gate;
import org.wellbeingpassport.api.gate.Notifications;
import org.wellbeingpassport.api.audit.AuditAction;
import org.wellbeingpassport.api.auth.Caller;
import org.wellbeingpassport.api.http.Problem;
import org.wellbeingpassport.api.passport.Evaluation;
import org.wellbeingpassport.api.passport.PassportReader;
import org.wellbeingpassport.api.passport.SealedElements;
import org.wellbeingpassport.api.store.PassportStore;
import org.wellbeingpassport.api.store.StoredResource;
import org.wellbeingpassport.api.store.WriteOutcome;
import org.wellbeingpassport.consent.AccessBasis;
import org.wellbeingpassport.consent.AccessRequest;
import org.wellbeingpassport.consent.vocabulary.Purpose;
import org.wellbeingpassport.fhir.Fhir;
import org.wellbeingpassport.fhir.codes.CodeSystems;
import org.wellbeingpassport.fhir.codes.ResidentAssertion;
import org.wellbeingpassport.fhir.validate.PassportValidator;
import org.wellbeingpassport.fhir.validate.ValidationReport;

/**
 * A professional adds to a resident's passport: only while they may see something of it for the stated purpose
 * (the same consent decision as a read; otherwise the same 404), validated at the door, shown as theirs
 * (author element, asserted-on) and proposed (resident-assertion), sealed at rest, audited before it is written,
 * and the resident is told. The resident then confirms or disputes it.
 */
@Singleton
public final class Contributions {
    /** Goals, referrals, and observations: wellbeing measures, or notes (an Observation coded with a story section). */
    static final List<String> TYPES = List.of("Goal", "ServiceRequest", "Observation");
    private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

    private final PassportStore store;
    private final PassportReader reader;
    private final SealedElements sealed;
    private final Notifications notifications;

    private final Gate gate;

    public Contributions(PassportStore store, PassportReader reader, SealedElements sealed, Notifications notifications,
            Gate gate) {
        this.gate = gate;
        this.store = store;
        this.reader = reader;
        this.sealed = sealed;
        this.notifications = notifications;
    }

    /** The stored entry, as the contributor sent it plus what the server set (unsealed). */
    public record Contributed(String type, String id, long version, ObjectNode resource) {
    }

    public Contributed contribute(Caller.Professional who, String residentId, Purpose purpose, String body,
            Optional<String> source) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Optional<AccessRequest> access = mayContribute(who, residentId, purpose, now);
        if (access.isEmpty()) {
            gate.refused(Gate.Change
                    .attempt(who, AuditAction.CONTRIBUTION, Optional.of(residentId), List.of(),
                            Optional.of(purpose.code()), "consent",
                            "a contribution refused: nothing of this passport is visible to the contributor")
                    .from(source));
            throw Problem.notAvailable();
        }
        ObjectNode resource = prepare(parse(body), who, residentId, now);
        String type = resource.path("resourceType").asText();
        String id = resource.path("id").asText();
        validate(resource);
        String basis = PassportReader.basis(access.get().basis());
        Gate.Change change = new Gate.Change(who, AuditAction.CONTRIBUTION, residentId, List.of(type + "/" + id),
                Optional.of(purpose.code()), basis, "proposed a " + type + " for the resident to confirm or dispute")
                .from(source);
        if (access.get().basis() instanceof AccessBasis.BreakGlass) {
            change = change.breakingGlass(false);
        }
        // the gate records first (fail closed: no audit entry, nothing written)
        WriteOutcome outcome = gate.change(change, () -> store.update(residentId, type, id, OptionalLong.of(0), true,
                sealed.sealedVersion(residentId, resource)));
        if (!(outcome instanceof WriteOutcome.Written w)) {
            gate.notApplied(change, "the entry was not written");
            throw Problem.notAvailable();
        }
        StoredResource stored = w.resource();
        notifications.notify(residentId,
                new Notifications.Notice(now, Notifications.Kind.ENTRY_PROPOSED,
                        who.name() + " (" + who.role().label() + ", " + who.organisationName() + ") proposed "
                                + article(type) + " for your passport. You can confirm it or dispute it.",
                        Optional.of(type + "/" + id)));
        return new Contributed(type, id, stored.version(), sealed.unseal(residentId, Fhir.tree(stored.json())));
    }

    /**
     * One entry of a passport, exactly as a read for this purpose would disclose it (redacted, with its open
     * disputes), audited as a read; empty (send the one 404) when a read would not disclose it.
     */
    public Optional<ObjectNode> read(Caller.Professional who, String residentId, Purpose purpose, String type,
            String id, Optional<String> source) {
        if (Entries.NOT_ENTRIES.contains(type)) {
            // not an entry: answered as "not there", and recorded as a refused read like any other
            gate.resource(who, residentId, purpose, "-", "-", source, "one entry of the passport");
            return Optional.empty();
        }
        return gate.resource(who, residentId, purpose, type, id, source, "one entry of the passport")
                .map(Gate.Shown::resource);
    }

    /** The request a read would make, when it would disclose anything: the same decision as a read. */
    private Optional<AccessRequest> mayContribute(Caller.Professional who, String residentId, Purpose purpose,
            Instant now) {
        AccessRequest request = gate.start(who, residentId, purpose, now);
        boolean any = reader.evaluate(request, residentId, false).map(ev -> !ev.isEmpty()).orElse(false);
        return any ? Optional.of(request) : Optional.empty();
    }

    private static ObjectNode parse(String body) {
        if (body == null || body.isBlank()) {
            throw Problem.badRequest("Send a FHIR R4 resource as JSON: one of " + String.join(", ", TYPES));
        }
        JsonNode node;
        try {
            node = Fhir.json().readTree(body);
        } catch (JsonProcessingException e) {
            // the parser's message may echo the body: say only that it is not JSON
            throw Problem.badRequest("The body is not JSON");
        }
        if (!(node instanceof ObjectNode tree)) {
            throw Problem.badRequest("The body must be a FHIR resource (a JSON object)");
        }
        String type = tree.path("resourceType").asText("");
        if (!TYPES.contains(type)) {
            throw Problem.badRequest("A professional proposes " + String.join(", ", TYPES) + " here; not "
                    + (type.isEmpty() ? "a resource of no type" : type));
        }
        return tree;
    }

    /** What the server decides, whatever was sent: id, subject, origin, author, asserted-on, "proposed". */
    private static ObjectNode prepare(ObjectNode resource, Caller.Professional who, String residentId, Instant now) {
        String type = resource.path("resourceType").asText();
        String patient = "Patient/" + residentId;
        JsonNode subject = resource.path("subject").path("reference");
        if (!subject.isMissingNode() && !patient.equals(subject.asText())) {
            throw Problem.badRequest(
                    "The " + type + " must be about this resident: leave out subject, or make it " + patient);
        }
        resource.put("id", UUID.randomUUID().toString());
        resource.putObject("subject").put("reference", patient);
        ObjectNode meta = resource.get("meta") instanceof ObjectNode m ? m : resource.putObject("meta");
        meta.remove(List.of("versionId", "lastUpdated", "source"));
        ArrayNode tags = meta.get("tag") instanceof ArrayNode t ? t : meta.putArray("tag");
        for (int i = tags.size() - 1; i >= 0; i--) {
            if (CodeSystems.ORIGIN.equals(tags.get(i).path("system").asText())) {
                tags.remove(i);
            }
        }
        tags.addObject().put("system", CodeSystems.ORIGIN).put("code", "professional-entered");
        ObjectNode author = authorReference(who);
        switch (type) {
            case "Goal" -> resource.set("expressedBy", author);
            case "ServiceRequest" -> {
                resource.set("requester", author);
                if (!resource.has("authoredOn")) {
                    resource.put("authoredOn", now.toString());
                }
            }
            case "Observation" -> resource.putArray("performer").add(author);
            default -> throw new IllegalStateException(type);
        }
        Entries.setAssertion(resource, ResidentAssertion.PROPOSED, Optional.of(now));
        return resource;
    }

    /** The practitioner by reference when their id is a FHIR id, else by identifier (tokens from another issuer). */
    private static ObjectNode authorReference(Caller.Professional who) {
        ObjectNode ref = Fhir.json().createObjectNode();
        if (FHIR_ID.matcher(who.subject()).matches()) {
            ref.put("reference", "Practitioner/" + who.subject());
        } else {
            ref.put("type", "Practitioner");
            ref.putObject("identifier").put("system", who.issuer()).put("value", who.subject());
        }
        ref.put("display", who.name() + " (" + who.role().label() + ")");
        return ref;
    }

    private static void validate(ObjectNode resource) {
        ValidationReport report = PassportValidator.shared().validate(Fhir.write(resource));
        if (!report.valid()) {
            throw new Problem(HttpStatus.BAD_REQUEST, "Not valid",
                    "The " + resource.path("resourceType").asText() + " is not valid FHIR R4 for the passport",
                    report.errors().stream().map(i -> i.location() + ": " + i.message()).toList());
        }
    }

    private static String article(String type) {
        return switch (type) {
            case "Goal" -> "a goal";
            case "ServiceRequest" -> "a referral";
            default -> "an entry";
        };
    }
}
