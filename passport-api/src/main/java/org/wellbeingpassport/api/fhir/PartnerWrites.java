package org.wellbeingpassport.api.fhir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.UUID;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.wellbeingpassport.api.audit.AuditAction;
import org.wellbeingpassport.api.auth.Caller;
import org.wellbeingpassport.api.gate.Gate;
import org.wellbeingpassport.api.gate.Notifications;
import org.wellbeingpassport.api.gate.Provenance;
import org.wellbeingpassport.api.http.FhirException;
import org.wellbeingpassport.api.passport.PassportReader;
import org.wellbeingpassport.api.passport.SealedElements;
import org.wellbeingpassport.api.passport.PreparedPassports;
import org.wellbeingpassport.api.store.PassportStore;
import org.wellbeingpassport.api.store.StoredResource;
import org.wellbeingpassport.api.store.VersionedRenderer;
import org.wellbeingpassport.fhir.Fhir;
import org.wellbeingpassport.fhir.codes.CodeSystems;
import org.wellbeingpassport.fhir.codes.ResidentAssertion;
import org.wellbeingpassport.fhir.validate.Issue;
import org.wellbeingpassport.fhir.validate.NarrativeRules;
import org.wellbeingpassport.fhir.validate.ValidationReport;

/**
 * A partner system adds entries to a resident's passport: only while it may see something of that passport for the
 * stated purpose (the same decision as a read; otherwise the same 404, recorded as refused), validated at the door
 * (base R4 and the passport's rules: 422 naming each path), marked as the partner's (the origin tag from the caller,
 * never the body; {@code meta.source} naming the client; for an Observation the organisation as performer),
 * proposed for the resident to confirm, sealed at rest, recorded before it is written, and the resident is told.
 *
 * <p>
 * What a partner may write ({@link #WRITABLE}; docs/adr/0012-partner-api.md, 2026-12-03): new Observations,
 * Conditions, Goals, ServiceRequests, RelatedPersons and CarePlans ({@code system/{Type}.c}); new versions of those it
 * wrote itself, the same client by {@code meta.source} ({@code system/{Type}.u}; anything else is the one 404); and,
 * in a transaction, the Patient under {@link PatientService}'s rule ({@code system/Patient.u}, seeing all of it). The
 * Composition (the resident's own story, section by section) and anything else are not a partner's to write. All of a
 * resident's entries in one transaction are one new version of the passport ({@link #writeAll}).
 *
 * <p>
 * Conditional create ({@code If-None-Exist: identifier=system|value}) matches only Observations this partner's
 * organisation wrote in that passport: what it can know exists without being shown anything.
 */
@Singleton
final class PartnerWrites {
    static final String OBSERVATION = "Observation";
    static final String PATIENT = "Patient";
    /** The types a partner creates, and updates when it wrote them (the Patient is updated under its own rule). */
    static final Map<String, Class<? extends DomainResource>> WRITABLE = Map.of("Observation", Observation.class,
            "Condition", Condition.class, "Goal", Goal.class, "ServiceRequest", ServiceRequest.class, "RelatedPerson",
            RelatedPerson.class, "CarePlan", CarePlan.class);
    private static final String SOURCE = "urn:wellbeing-passport:partner:";

    private final Gate gate;
    private final PreparedPassports prepared;
    private final PassportStore store;
    private final SealedElements sealed;
    private final Notifications notifications;
    private final ResourceLocator locator;
    private final PatientService patients;
    private final ValidatedDocuments validated;
    private final WrittenDocuments written;

    PartnerWrites(Gate gate, PassportStore store, SealedElements sealed, Notifications notifications,
            ResourceLocator locator, PatientService patients, ValidatedDocuments validated, WrittenDocuments written,
            PreparedPassports prepared) {
        this.prepared = prepared;
        this.gate = gate;
        this.store = store;
        this.sealed = sealed;
        this.notifications = notifications;
        this.locator = locator;
        this.patients = patients;
        this.validated = validated;
        this.written = written;
    }

    /** One entry's result: {@code existed} when If-None-Exist named one, {@code created} when it is new. */
    record Created(FhirVersion resource, boolean existed, boolean created) {
    }

    /**
     * Everything a write needs, checked before anything is written (used alone by transactions): the resident, the
     * resource as it will be stored (or, for the Patient, its renderer), whether it updates one that exists; and the
     * document validation runs on ({@code document}: the body for the Patient, else the resource as it will be stored
     * but for its version), with its {@code canonical} form (the same without the value the server's clock sets,
     * asserted-on), by which {@link ValidatedDocuments} knows it again.
     */
    record Prepared(String residentId, String type, String id, boolean update, OptionalLong ifMatch,
            ObjectNode resource, Optional<PatientService.PreparedUpdate> patient, Optional<String[]> ifNoneExist,
            String document, String canonical) {
        String ref() {
            return type + "/" + id;
        }
    }

    Prepared prepare(PartnerContext ctx, String body, Optional<String> ifNoneExist) {
        return prepare(ctx, OBSERVATION, Optional.empty(), body, ifNoneExist, OptionalLong.empty());
    }

    /**
     * A create ({@code id} empty) or update of one resource, checked: scope, closed parsing (400), narrative rules and
     * validation (422), provenance from the caller. Consent is checked apart ({@link #checkVisible}).
     */
    Prepared prepare(PartnerContext ctx, String type, Optional<String> id, String body, Optional<String> ifNoneExist,
            OptionalLong ifMatch) {
        Prepared p = prepareUnvalidated(ctx, type, id, body, ifNoneExist, ifMatch);
        validate(p);
        return p;
    }

    /**
     * {@link #prepare} but for validation, which the caller runs ({@link #validate}) or, for an entry the caller may
     * write whose document passed before, skips ({@link #passedBefore}): transactions.
     */
    Prepared prepareUnvalidated(PartnerContext ctx, String type, Optional<String> id, String body,
            Optional<String> ifNoneExist, OptionalLong ifMatch) {
        if (type.equals(PATIENT)) {
            ctx.require(PATIENT, 'u');
            String pid = id.orElseThrow(() -> FhirException.invalid("A Patient is created by POST /fhir/Patient"));
            PatientService.PreparedUpdate u = patients.prepareUpdate(ctx.caller(), pid, body);
            // known again by the caller and the body, as the other types are by their stored form (meta.source): what
            // one partner sent never shortens another's validation, so timing tells nobody what others sent
            String canonical = "caller " + ctx.caller().subject() + "\n" + body;
            return new Prepared(pid, PATIENT, pid, true, ifMatch, u.tree(), Optional.of(u), Optional.empty(), body,
                    canonical);
        }
        Class<? extends DomainResource> cls = WRITABLE.get(type);
        if (cls == null) {
            throw new FhirException(HttpStatus.BAD_REQUEST, IssueType.NOTSUPPORTED, "A partner system writes "
                    + String.join(", ", new TreeSet<>(WRITABLE.keySet())) + " and updates the Patient; not " + type);
        }
        ctx.require(type, id.isPresent() ? 'u' : 'c');
        DomainResource parsed = FhirJson.parse(body, cls); // 400 for what is not one of these
        ObjectNode tree = Fhir.tree(body);
        List<Issue> active = NarrativeRules.check(tree);
        if (!active.isEmpty()) {
            throw unprocessable(active);
        }
        if (id.isPresent() && !id.get().equals(parsed.getIdElement().getIdPart())) {
            throw new FhirException(HttpStatus.BAD_REQUEST, List.of(new FhirException.Issue(IssueType.INVALID,
                    "An update carries the resource id in the body, equal to the id in the URL", type + ".id")));
        }
        String subjectField = type.equals("RelatedPerson") ? "patient" : "subject";
        String residentId = subject(tree.path(subjectField).path("reference").asText(null), ctx.base(),
                type + "." + subjectField);
        Optional<String[]> wanted = ifNoneExist.map(PartnerWrites::identifierCondition);
        Caller.PartnerSystem who = partner(ctx.caller());
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String rid = id.orElseGet(() -> UUID.randomUUID().toString());
        tree.put("id", rid);
        tree.putObject(subjectField).put("reference", "Patient/" + residentId);
        ObjectNode meta = tree.get("meta") instanceof ObjectNode m ? m : tree.putObject("meta");
        meta.remove(List.of("versionId", "lastUpdated", "source"));
        meta.put("source", SOURCE + who.subject());
        Provenance.stamp(tree, who);
        if (type.equals(OBSERVATION)) {
            ArrayNode performers = tree.putArray("performer");
            performers.addObject().put("reference", "Organization/" + who.organisationId()).put("display",
                    who.organisationName());
        }
        ObjectNode assertedOn = setProposed(tree, now);
        String document = Fhir.write(tree);
        assertedOn.put("valueDateTime", "@now@"); // the server's clock: any instant it gives is valid there
        String canonical = Fhir.write(tree);
        assertedOn.put("valueDateTime", now.toString());
        return new Prepared(residentId, type, rid, id.isPresent(), ifMatch, tree, Optional.empty(), wanted, document,
                canonical);
    }

    /** Validates the entry's document in full (base R4, the passport's profiles and rules): 422 naming each path. */
    void validate(Prepared p) {
        ValidationReport report = validated.validate(p.document(), p.canonical());
        if (!report.valid()) {
            throw unprocessable(report.errors());
        }
    }

    /**
     * Whether the entry's document is one that passed validation in this process, under the same profile set
     * ({@link ValidatedDocuments}): validating it again would give the same answer. Skip the validation only for an
     * entry the caller may write ({@link Decision#allowed}; {@link Transactions}).
     */
    boolean passedBefore(Prepared p) {
        return validated.passedBefore(p.canonical());
    }

    private Gate.Change change(PartnerContext ctx, String residentId, List<Prepared> entries) {
        return change(ctx, residentId, entries, 0);
    }

    /** The change's audit entry; {@code unchanged} of the entries kept their versions (nothing written for them). */
    private Gate.Change change(PartnerContext ctx, String residentId, List<Prepared> entries, int unchanged) {
        boolean patient = entries.stream().anyMatch(p -> p.type().equals(PATIENT));
        List<String> refs = entries.stream().map(Prepared::ref).toList();
        String detail = entries.size() == 1 && !patient && !entries.get(0).update()
                ? "a partner system added an Observation for the resident to confirm or dispute"
                : "a partner system wrote " + entries.size() + " resources as one version of the passport"
                        + (patient ? " (the Patient among them)" : "") + "; its entries are for the resident to"
                        + " confirm or dispute";
        if (entries.size() == 1 && !patient && !entries.get(0).type().equals(OBSERVATION)) {
            detail = "a partner system wrote a " + entries.get(0).type() + " for the resident to confirm or dispute";
        }
        if (unchanged == entries.size()) {
            detail = "a partner system sent " + entries.size() + " resources of the passport"
                    + (patient ? " (the Patient among them)" : "") + " as they are: nothing changed";
        } else if (unchanged > 0) {
            detail += " (" + unchanged + " of them sent as they are, unchanged)";
        }
        return new Gate.Change(ctx.caller(), patient ? AuditAction.UPDATE : AuditAction.CONTRIBUTION, residentId, refs,
                Optional.of(ctx.purpose().code()),
                PassportReader.basis(gate.start(ctx.caller(), residentId, ctx.purpose(), Instant.now()).basis()),
                detail);
    }

    /**
     * The consent check, alone, before anything is written: the caller may see something of the resident's passport
     * for the purpose; a Patient update sees all of the Patient; an update of another resource names one this client
     * wrote. Otherwise the one 404 (recorded as refused). Transactions check every entry before writing any.
     */
    void checkVisible(PartnerContext ctx, Prepared p) {
        checkVisible(ctx, p.residentId(), List.of(p));
    }

    /**
     * {@link #checkVisible(PartnerContext, Prepared)} for all of one resident's entries, deciding once: the passport's
     * consent for the caller and purpose, the Patient's view, and the resources this client wrote (one read).
     */
    void checkVisible(PartnerContext ctx, String residentId, List<Prepared> entries) {
        checkVisible(ctx, residentId, entries, decide(ctx, residentId, entries));
    }

    /**
     * The consent decision for each of one resident's entries, taken once and nothing recorded ({@link #decide}), with
     * the passport's resources as they were then ({@code current}, by {@code Type/id}; read when an entry updates one).
     */
    record Decision(List<Prepared> entries, boolean[] allowed, Map<String, StoredResource> current) {
        boolean allowed(Prepared p) {
            for (int i = 0; i < entries.size(); i++) {
                if (entries.get(i) == p) {
                    return allowed[i];
                }
            }
            return false;
        }
    }

    /**
     * {@link #checkVisible}'s decision without its effects (no refusal recorded, nothing thrown): the passport's
     * consent for the caller and purpose, the Patient's view, and the resources this client wrote (one read).
     */
    Decision decide(PartnerContext ctx, String residentId, List<Prepared> entries) {
        // recorded by nothing of its own: the write's entry, or its refusal, is recorded before anything is changed or
        // answered (ADR 0012, 2026-12-03; before, an EXPLANATION entry was recorded for every write as well)
        boolean visible = gate.seesAnything(ctx.caller(), residentId, ctx.purpose());
        Map<String, StoredResource> stored = new java.util.HashMap<>();
        if (visible && entries.stream().anyMatch(Prepared::update)) {
            for (StoredResource r : store.readPassport(residentId)) {
                stored.put(r.type() + "/" + r.id(), r);
            }
        }
        boolean[] out = new boolean[entries.size()];
        for (int i = 0; i < entries.size(); i++) {
            Prepared p = entries.get(i);
            boolean allowed = visible;
            if (allowed && p.patient().isPresent()) {
                allowed = patients.seesWhole(ctx.caller(), p.id(), ctx.purpose());
            } else if (allowed && p.update()) {
                StoredResource r = stored.get(p.ref());
                allowed = r != null && writtenBy(residentId, r, ctx.caller());
            }
            out[i] = allowed;
        }
        return new Decision(entries, out, Map.copyOf(stored));
    }

    /** {@link #checkVisible} on a decision taken before ({@link #decide}): the first entry refused is the 404. */
    void checkVisible(PartnerContext ctx, String residentId, List<Prepared> entries, Decision decision) {
        for (Prepared p : entries) {
            if (!decision.allowed(p)) {
                gate.refused(change(ctx, residentId, List.of(p)));
                throw p.update() && !p.patient().isPresent()
                        ? FhirException.notFound(p.type(), p.id())
                        : FhirException.notFound(PATIENT, residentId);
            }
            if (p.patient().isPresent()) {
                try {
                    patients.checkIdentifiers(p.patient().get());
                } catch (FhirException x) {
                    gate.refused(change(ctx, residentId, List.of(p)).saying("a partner system's change of the Patient"
                            + " was refused: its NHS number belongs to another passport"));
                    throw x;
                }
            }
        }
    }

    /** Whether this client wrote the stored resource ({@code meta.source}, in the clear unless sealed whole). */
    private boolean writtenBy(String residentId, StoredResource r, Caller caller) {
        ObjectNode tree = Fhir.tree(r.json());
        if (!tree.path("meta").has("source")) {
            tree = sealed.unseal(residentId, tree);
        }
        return writtenBy(tree, caller);
    }

    private static boolean writtenBy(JsonNode stored, Caller caller) {
        return caller instanceof Caller.PartnerSystem s
                && (SOURCE + s.subject()).equals(stored.path("meta").path("source").asText());
    }

    /** Writes a prepared entry (or names the one that exists, under If-None-Exist); 404 when not visible. */
    Created create(PartnerContext ctx, Prepared p) {
        checkVisible(ctx, p);
        return writeAll(ctx, p.residentId(), List.of(p), Map.of()).get(0);
    }

    /**
     * Writes checked entries of ONE resident as one new version of the passport ({@link PassportStore#updateAll}):
     * one audit entry naming them all, recorded first; nothing written on a stale If-Match (412) or a resource gone
     * (404); the resident told once. Entries whose If-None-Exist names an existing Observation are answered with it.
     *
     * <p>
     * An update without If-Match whose resource's current version ({@code decided}: as the consent decision read it)
     * was written from the very same document ({@link WrittenDocuments}) is unchanged: it keeps that version, and is
     * neither sealed nor written again (docs/adr/0012-partner-api.md, "an unchanged resource keeps its version",
     * 2026-12-03, session 10); it is still named in the audit entry. When every entry is unchanged, the passport keeps
     * its version: the change is recorded all the same, nothing is written and the resident is not told.
     */
    List<Created> writeAll(PartnerContext ctx, String residentId, List<Prepared> entries,
            Map<String, StoredResource> decided) {
        Created[] out = new Created[entries.size()];
        List<Prepared> toWrite = new ArrayList<>();
        List<Integer> at = new ArrayList<>();
        int unchanged = 0;
        for (int i = 0; i < entries.size(); i++) {
            Prepared p = entries.get(i);
            Optional<StoredResource> existing = p.ifNoneExist().flatMap(c -> ownMatch(ctx, residentId, c));
            StoredResource now = p.update() && p.ifMatch().isEmpty() ? decided.get(p.ref()) : null;
            if (existing.isPresent()) {
                out[i] = new Created(FhirVersion.of(existing.get()), true, false);
            } else if (now != null
                    && written.unchanged(residentId, p.ref(), now.version(), now.lastUpdated(), p.canonical())) {
                out[i] = new Created(FhirVersion.of(now), false, false);
                unchanged++;
            } else {
                toWrite.add(p);
                at.add(i);
            }
        }
        if (unchanged > 0 && toWrite.isEmpty()) {
            // checked whole as any other (parsing, validation, consent, identifiers) and recorded: nothing to write
            List<Prepared> all = entries.stream().filter(p -> p.ifNoneExist().isEmpty()).toList();
            gate.change(change(ctx, residentId, all, unchanged), () -> Boolean.TRUE);
            locator.rememberResident(ctx.caller().account(), residentId);
            return List.of(out);
        }
        if (toWrite.isEmpty()) {
            return List.of(out);
        }
        for (Prepared p : toWrite) {
            // a stale If-Match is refused before the change is recorded (the store checks it again, atomically)
            if (p.update() && p.ifMatch().isPresent()) {
                long current = store.read(residentId, p.type(), p.id()).map(StoredResource::version).orElse(0L);
                if (current != p.ifMatch().getAsLong()) {
                    // the answer names the current version: recorded first, as the refusal it is
                    gate.refused(change(ctx, residentId, List.of(p))
                            .saying("a partner system's change was refused: If-Match named an older version"));
                    throw stale(p.type(), p.id(), current);
                }
            }
        }
        List<PassportStore.ResourceWrite> writes = new ArrayList<>();
        for (Prepared p : toWrite) {
            VersionedRenderer renderer = p.patient().isPresent()
                    ? p.patient().get().renderer()
                    : sealed.sealedVersion(residentId, p.resource());
            writes.add(new PassportStore.ResourceWrite(p.type(), p.id(), p.update() ? p.ifMatch() : OptionalLong.of(0),
                    !p.update(), renderer));
        }
        List<Prepared> named = new ArrayList<>(toWrite);
        if (unchanged > 0) {
            // the audit entry names every resource the transaction sent, those that kept their version among them
            named = entries.stream().filter(p -> p.ifNoneExist().isEmpty() || toWrite.contains(p)).toList();
        }
        Gate.Change change = change(ctx, residentId, named, unchanged);
        PassportStore.ChangeOutcome outcome = gate.change(change, () -> store.updateAll(residentId, writes));
        if (outcome instanceof PassportStore.ChangeOutcome.VersionConflict c) {
            gate.notApplied(change, "a newer version was there");
            throw new FhirException(HttpStatus.PRECONDITION_FAILED,
                    List.of(new FhirException.Issue(IssueType.CONFLICT, c.type() + "/" + c.id() + " is at version "
                            + c.currentVersion() + " now, not the version If-Match named; read it again", "If-Match")));
        }
        if (!(outcome instanceof PassportStore.ChangeOutcome.Written w)) {
            gate.notApplied(change, "the record was not there");
            throw FhirException.notFound(PATIENT, residentId);
        }
        if (!w.created().contains(true)) {
            prepared.written(residentId, w.resources(), w.step()); // this instance's copy goes on to the new version
        }
        List<String> refs = toWrite.stream().map(Prepared::ref).toList();
        locator.remember(residentId, refs);
        locator.rememberResident(ctx.caller().account(), residentId);
        for (int k = 0; k < toWrite.size(); k++) {
            StoredResource stored = w.resources().get(k);
            Prepared p = toWrite.get(k);
            written.wrote(residentId, p.ref(), stored.version(), stored.lastUpdated(), p.canonical());
            // the resource goes back only when it is new (Transactions, PartnerFhirController): unsealed only then
            String json = p.patient().isPresent() || !w.created().get(k)
                    ? stored.json()
                    : Fhir.write(sealed.unseal(residentId, Fhir.tree(stored.json())));
            if (p.patient().isPresent()) {
                patients.updated(ctx.caller(), residentId, stored);
            }
            out[at.get(k)] = new Created(
                    new FhirVersion(stored.type(), stored.id(), stored.version(), stored.lastUpdated(), json), false,
                    w.created().get(k));
        }
        tell(ctx, residentId, toWrite);
        return List.of(out);
    }

    private static FhirException stale(String type, String id, long current) {
        return new FhirException(HttpStatus.PRECONDITION_FAILED, List.of(new FhirException.Issue(IssueType.CONFLICT,
                type + "/" + id + " is at version " + current + " now, not the version If-Match named; read it again",
                "If-Match")));
    }

    private void tell(PartnerContext ctx, String residentId, List<Prepared> written) {
        List<Prepared> entries = written.stream().filter(p -> p.patient().isEmpty()).toList();
        if (entries.isEmpty()) {
            return; // the Patient's own notice was sent (PatientService.updated)
        }
        Caller.PartnerSystem who = partner(ctx.caller());
        String text = entries.size() == 1 && !entries.get(0).update()
                ? who.organisationName() + " (" + who.name() + ") added an entry for your passport."
                        + " You can confirm it or dispute it."
                : who.organisationName() + " (" + who.name() + ") added or changed " + entries.size()
                        + " entries for your passport. You can confirm them or dispute them.";
        notifications.notify(residentId, new Notifications.Notice(Instant.now(), Notifications.Kind.ENTRY_PROPOSED,
                text, Optional.of(entries.get(0).ref())));
    }

    /** An Observation of this resident that the caller's organisation wrote and that carries the identifier. */
    private Optional<StoredResource> ownMatch(PartnerContext ctx, String residentId, String[] identifier) {
        String org = "Organization/" + partner(ctx.caller()).organisationId();
        for (StoredResource r : store.readPassport(residentId)) {
            if (!r.type().equals(OBSERVATION)) {
                continue;
            }
            JsonNode tree = sealed.unseal(residentId, Fhir.tree(r.json()));
            boolean ours = false;
            for (JsonNode p : tree.path("performer")) {
                ours |= org.equals(p.path("reference").asText());
            }
            if (!ours) {
                continue;
            }
            for (JsonNode i : tree.path("identifier")) {
                if (identifier[0].equals(i.path("system").asText()) && identifier[1].equals(i.path("value").asText())) {
                    return Optional.of(r);
                }
            }
        }
        return Optional.empty();
    }

    private static Caller.PartnerSystem partner(Caller caller) {
        if (caller instanceof Caller.PartnerSystem s) {
            return s;
        }
        throw new FhirException(HttpStatus.FORBIDDEN, IssueType.FORBIDDEN, "Only partner systems write here");
    }

    /** The resident from {@code subject}: Patient/{id}, or that under this server's FHIR base. */
    static String subject(String reference, String base) {
        return subject(reference, base, "Observation.subject");
    }

    static String subject(String reference, String base, String path) {
        String ref = reference == null ? "" : reference;
        if (ref.startsWith(base + "/")) {
            ref = ref.substring(base.length() + 1);
        }
        if (!ref.startsWith("Patient/") || !FhirJson.isValidId(ref.substring("Patient/".length()))) {
            throw new FhirException(HttpStatus.UNPROCESSABLE_ENTITY, List.of(new FhirException.Issue(IssueType.REQUIRED,
                    "An entry must be about one resident: Patient/{id}", path)));
        }
        return ref.substring("Patient/".length());
    }

    /**
     * If-None-Exist: identifier=system|value (URL-encoded or not), the one condition offered; the query may carry the
     * type in front ({@code Observation?identifier=...}), as some clients send it.
     */
    static String[] identifierCondition(String header) {
        String h;
        try {
            h = URLDecoder.decode(header.trim(), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException badEscape) {
            throw new FhirException(HttpStatus.BAD_REQUEST,
                    List.of(new FhirException.Issue(IssueType.INVALID,
                            "If-None-Exist is not URL-encoded: each % must be followed by two hexadecimal digits",
                            "If-None-Exist")));
        }
        int q = h.indexOf('?');
        if (q >= 0 && h.substring(0, q).endsWith(OBSERVATION)) {
            h = h.substring(q + 1);
        }
        int bar = h.indexOf('|');
        if (!h.startsWith("identifier=") || bar < 0 || bar == h.length() - 1 || h.contains("&")) {
            throw new FhirException(HttpStatus.BAD_REQUEST, List.of(new FhirException.Issue(IssueType.NOTSUPPORTED,
                    "If-None-Exist supports identifier={system}|{value} only", "If-None-Exist")));
        }
        return new String[]{h.substring("identifier=".length(), bar), h.substring(bar + 1)};
    }

    /** Marks the resource proposed by the partner, asserted now; returns the asserted-on extension. */
    private static ObjectNode setProposed(ObjectNode resource, Instant at) {
        ArrayNode ext = resource.get("extension") instanceof ArrayNode e ? e : resource.putArray("extension");
        for (int i = ext.size() - 1; i >= 0; i--) {
            String url = ext.get(i).path("url").asText();
            if (url.equals(CodeSystems.EXT_RESIDENT_ASSERTION) || url.equals(CodeSystems.EXT_ASSERTED_ON)) {
                ext.remove(i);
            }
        }
        ObjectNode coding = ext.addObject().put("url", CodeSystems.EXT_RESIDENT_ASSERTION).putObject("valueCoding");
        coding.put("system", CodeSystems.RESIDENT_ASSERTION).put("code", ResidentAssertion.PROPOSED.code())
                .put("display", ResidentAssertion.PROPOSED.display());
        return ext.addObject().put("url", CodeSystems.EXT_ASSERTED_ON).put("valueDateTime", at.toString());
    }

    private static FhirException unprocessable(List<Issue> issues) {
        List<FhirException.Issue> out = new ArrayList<>();
        for (Issue i : issues) {
            out.add(new FhirException.Issue(IssueType.INVALID, i.message(), i.location()));
        }
        return new FhirException(HttpStatus.UNPROCESSABLE_ENTITY, out);
    }
}
