package org.wellbeingpassport.api.fhir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Patient;
import org.wellbeingpassport.api.audit.AuditAction;
import org.wellbeingpassport.api.auth.Caller;
import org.wellbeingpassport.api.gate.Gate;
import org.wellbeingpassport.api.gate.Notifications;
import org.wellbeingpassport.api.gate.Provenance;
import org.wellbeingpassport.api.http.FhirException;
import org.wellbeingpassport.api.passport.IdentifierIndex;
import org.wellbeingpassport.api.passport.SealedElements;
import org.wellbeingpassport.api.passport.PreparedPassports;
import org.wellbeingpassport.api.store.PassportStore;
import org.wellbeingpassport.api.store.StoredResource;
import org.wellbeingpassport.api.store.VersionedRenderer;
import org.wellbeingpassport.api.store.WriteOutcome;
import org.wellbeingpassport.consent.vocabulary.Purpose;
import org.wellbeingpassport.fhir.Fhir;
import org.wellbeingpassport.fhir.codes.CodeSystems;
import org.wellbeingpassport.fhir.validate.Issue;
import org.wellbeingpassport.fhir.validate.PassportValidator;
import org.wellbeingpassport.fhir.validate.ValidationReport;

/**
 * The Patient is the root of a passport: creating one starts a passport whose resident id is the Patient's id. Every
 * read and change of an existing Patient passes through the gate: a partner system sees it only as the resident's
 * consent allows for the purpose it states (otherwise the same 404 as "not there"), and changes it only when it sees
 * all of it; the change is recorded first, the resident's authorship stays, and the resident is told.
 */
@Singleton
public final class PatientService {
    static final String TYPE = "Patient";

    private final PassportStore store;
    private final IdentifierIndex identifiers;
    private final Gate gate;
    private final PreparedPassports prepared;
    private final SealedElements sealed;
    private final Notifications notifications;

    public PatientService(PassportStore store, IdentifierIndex identifiers, Gate gate, SealedElements sealed,
            Notifications notifications, PreparedPassports prepared) {
        this.prepared = prepared;
        this.store = store;
        this.identifiers = identifiers;
        this.gate = gate;
        this.sealed = sealed;
        this.notifications = notifications;
    }

    /** What a create did: made a new passport, or (If-None-Exist) found the one that exists. */
    public record Created(StoredResource resource, boolean existed) {
    }

    /**
     * Registers a new Patient. An NHS number must carry a valid check digit (422) and may belong to one passport
     * only: a second registration is refused (409), or, under If-None-Exist naming that NHS number, answered with
     * the existing one (200), so first-contact requests keep reaching the resident.
     */
    public Created create(Caller caller, String body, Optional<String> ifNoneExist) {
        ObjectNode tree = validated(body);
        Optional<String> nhs = nhsNumber(tree);
        Optional<String> wanted = ifNoneExist.map(PatientService::ifNoneExistNhsNumber);
        if (wanted.isPresent()) {
            Optional<IdentifierIndex.Entry> existing = identifiers.lookup(wanted.get());
            if (existing.isPresent()) {
                Optional<StoredResource> r = store.read(existing.get().residentId(), TYPE, existing.get().residentId());
                if (r.isPresent()) {
                    return new Created(r.get(), true);
                }
            }
        }
        if (nhs.isPresent() && identifiers.lookup(nhs.get()).isPresent()) {
            throw new FhirException(HttpStatus.CONFLICT,
                    List.of(new FhirException.Issue(IssueType.DUPLICATE,
                            "A Patient with this NHS number is registered already; send If-None-Exist:" + " identifier="
                                    + CodeSystems.NHS_NUMBER + "|{number} to be given it instead",
                            "Patient.identifier")));
        }
        Patient patient = FhirJson.parse(body, Patient.class);
        refuseActiveContent(body);
        stampOrigin(patient, caller, Optional.empty());
        String id = UUID.randomUUID().toString();
        WriteOutcome outcome = gate.change(
                new Gate.Change(caller, AuditAction.CREATE, id, List.of(TYPE + "/" + id), Optional.empty(),
                        "registration", "a partner system registered a new passport"),
                () -> store.createPassport(id, TYPE, id, (rid, version, at) -> render(patient, rid, version, at)));
        if (outcome instanceof WriteOutcome.Written written) {
            identifiers.index(id, Fhir.tree(written.resource().json()));
            return new Created(written.resource(), false);
        }
        throw new FhirException(HttpStatus.CONFLICT, IssueType.DUPLICATE, "A new record could not be created");
    }

    /** The Patient as the resident's consent lets this caller see it for the purpose, audited; empty: 404. */
    public Optional<Gate.Shown> read(Caller caller, String id, Purpose purpose, Optional<String> source) {
        if (!FhirJson.isValidId(id)) {
            return Optional.empty();
        }
        return gate.resource(caller, id, purpose, TYPE, id, source, "a partner system read the Patient");
    }

    /** Earlier versions go only to a caller who may see the whole Patient now for this purpose (audited). */
    public Optional<StoredResource> readVersion(Caller caller, String id, long version, Purpose purpose,
            Optional<String> source) {
        if (!FhirJson.isValidId(id) || !seesAll(caller, id, purpose, source, "a partner system read a version")) {
            return Optional.empty();
        }
        return store.readVersion(id, TYPE, id, version).map(r -> unsealed(id, r));
    }

    public List<StoredResource> history(Caller caller, String id, int count, Purpose purpose, Optional<String> source) {
        if (!FhirJson.isValidId(id) || !seesAll(caller, id, purpose, source, "a partner system read the history")) {
            return List.of();
        }
        List<StoredResource> out = new ArrayList<>();
        for (StoredResource r : store.history(id, TYPE, id, count)) {
            out.add(unsealed(id, r));
        }
        return out;
    }

    /**
     * Update with optional If-Match, through the gate: only a caller who sees the whole Patient for this purpose
     * changes it (else the same 404); the change is recorded first; the resident's authorship stays; they are told.
     */
    public WriteOutcome update(Caller caller, String id, String body, OptionalLong ifMatch, Purpose purpose) {
        Patient patient = checkedUpdate(id, body);
        ObjectNode tree = validated(body);
        Optional<Gate.Shown> shown = gate.peek(caller, id, purpose, TYPE, id);
        if (shown.isEmpty() || !shown.get().inFull()) {
            return new WriteOutcome.NotFound();
        }
        Optional<String> nhs = nhsNumber(tree);
        if (nhs.isPresent()) {
            identifiers.lookup(nhs.get()).filter(e -> !e.residentId().equals(id)).ifPresent(e -> {
                throw new FhirException(HttpStatus.CONFLICT, List.of(new FhirException.Issue(IssueType.DUPLICATE,
                        "This NHS number belongs to another passport", "Patient.identifier")));
            });
        }
        PassportStore.Seen seen = store.readForChange(id, TYPE, id); // the write starts from this read
        Optional<JsonNode> authorship = seen.resource()
                .map(r -> sealed.unseal(id, Fhir.tree(r.json())).path("meta").path("tag"));
        stampOrigin(patient, caller, authorship);
        Gate.Change change = new Gate.Change(caller, AuditAction.UPDATE, id, List.of(TYPE + "/" + id),
                Optional.of(purpose.code()), "consent", "a partner system changed the Patient");
        WriteOutcome outcome = gate.change(change,
                () -> store.update(seen, ifMatch, false, (rid, v, at) -> render(patient, rid, v, at)));
        if (outcome instanceof WriteOutcome.Written written) {
            prepared.written(id, List.of(written.resource()), written.step()); // this instance's copy goes on to the new version
            updated(caller, id, written.resource());
        } else {
            gate.notApplied(change,
                    outcome instanceof WriteOutcome.VersionConflict
                            ? "a newer version was there"
                            : "the record was not there");
        }
        return outcome;
    }

    /** A Patient update checked and ready to be written as part of a transaction ({@link PartnerWrites}). */
    record PreparedUpdate(String id, ObjectNode tree, Optional<String> nhsNumber, VersionedRenderer renderer) {
    }

    /**
     * {@link #update}'s checks of the body, without its consent check (the transaction checks every entry's consent
     * before any write: {@link #seesWhole}, then {@link #checkIdentifiers}): closed parsing, narrative rules, the id
     * in the body; the origin the stored Patient has stays. Validation of the body is the caller's
     * ({@link PartnerWrites#validate}: the same validator, the same 422), so that a transaction validates the body
     * only when it is not one that passed before.
     */
    PreparedUpdate prepareUpdate(Caller caller, String id, String body) {
        Patient patient = checkedUpdate(id, body);
        ObjectNode tree = Fhir.tree(body);
        PassportStore.Seen seen = store.readForChange(id, TYPE, id); // the write starts from this read
        Optional<JsonNode> authorship = seen.resource()
                .map(r -> sealed.unseal(id, Fhir.tree(r.json())).path("meta").path("tag"));
        stampOrigin(patient, caller, authorship);
        return new PreparedUpdate(id, tree, nhsNumber(tree), (rid, v, at) -> render(patient, rid, v, at));
    }

    /** Whether the caller sees all of the Patient for the purpose (nothing recorded: the change is, first). */
    boolean seesWhole(Caller caller, String id, Purpose purpose) {
        return gate.peek(caller, id, purpose, TYPE, id).filter(Gate.Shown::inFull).isPresent();
    }

    /** An NHS number belongs to one passport (409), checked once the caller may see this one. */
    void checkIdentifiers(PreparedUpdate u) {
        u.nhsNumber().flatMap(identifiers::lookup).filter(e -> !e.residentId().equals(u.id())).ifPresent(e -> {
            throw new FhirException(HttpStatus.CONFLICT, List.of(new FhirException.Issue(IssueType.DUPLICATE,
                    "This NHS number belongs to another passport", "Patient.identifier")));
        });
    }

    /** After a Patient was written: its identifiers indexed, the resident told. */
    void updated(Caller caller, String id, StoredResource written) {
        identifiers.index(id, Fhir.tree(written.json()));
        String who = caller instanceof Caller.PartnerSystem s
                ? s.name() + " (" + s.organisationName() + ")"
                : "A connected system";
        notifications.notify(id,
                new Notifications.Notice(Instant.now(), Notifications.Kind.RECORD_CHANGED,
                        who + " updated your personal details (name, contact details, address or NHS number)."
                                + " You can see the change in your passport and correct it there.",
                        Optional.of(TYPE + "/" + id)));
    }

    private static Patient checkedUpdate(String id, String body) {
        if (!FhirJson.isValidId(id)) {
            throw FhirException.invalid("'" + id + "' is not a valid FHIR id ([A-Za-z0-9-.], 1 to 64 characters)");
        }
        Patient patient = FhirJson.parse(body, Patient.class);
        refuseActiveContent(body);
        if (!patient.hasIdElement() || patient.getIdElement().getIdPart() == null) {
            throw new FhirException(HttpStatus.BAD_REQUEST, List.of(new FhirException.Issue(IssueType.REQUIRED,
                    "An update must carry the resource id in the body, equal to the id in the URL", "Patient.id")));
        }
        String bodyId = patient.getIdElement().getIdPart();
        if (!bodyId.equals(id)) {
            throw new FhirException(HttpStatus.BAD_REQUEST,
                    List.of(new FhirException.Issue(IssueType.INVALID,
                            "The id in the body (" + bodyId + ") does not match the id in the URL (" + id + ")",
                            "Patient.id")));
        }
        return patient;
    }

    private boolean seesAll(Caller caller, String id, Purpose purpose, Optional<String> source, String detail) {
        return gate.resource(caller, id, purpose, TYPE, id, source, detail).filter(Gate.Shown::inFull).isPresent();
    }

    private StoredResource unsealed(String residentId, StoredResource r) {
        String json = Fhir.write(sealed.unseal(residentId, Fhir.tree(r.json())));
        return new StoredResource(r.residentId(), r.type(), r.id(), r.version(), r.lastUpdated(), json);
    }

    /**
     * Provenance from the caller, never the body: the origin the stored Patient had (the resident's authorship)
     * stays; a new Patient is the registering partner's. Nothing in the body can claim an origin.
     */
    private static void stampOrigin(Patient patient, Caller caller, Optional<JsonNode> storedTags) {
        patient.getMeta().getTag().removeIf(t -> CodeSystems.ORIGIN.equals(t.getSystem()));
        patient.getMeta().getSecurity().removeIf(
                c -> org.wellbeingpassport.fhir.codes.SecurityLabels.NO_REDISCLOSURE.is(c.getSystem(), c.getCode()));
        String origin = Provenance.originOf(caller).code();
        if (storedTags.isPresent()) {
            for (JsonNode t : storedTags.get()) {
                if (CodeSystems.ORIGIN.equals(t.path("system").asText())) {
                    origin = t.path("code").asText(origin);
                }
            }
        }
        patient.getMeta().addTag().setSystem(CodeSystems.ORIGIN).setCode(origin);
    }

    /** Base R4 and the passport's own rules (NHS number check digit among them): 422 naming each path. */
    private static ObjectNode validated(String body) {
        FhirJson.parse(body, Patient.class); // 400 for what is not a Patient at all
        ValidationReport report = PassportValidator.shared().validate(body);
        if (!report.valid()) {
            List<FhirException.Issue> issues = new ArrayList<>();
            for (Issue i : report.errors()) {
                issues.add(new FhirException.Issue(IssueType.INVALID, i.message(), i.location()));
            }
            throw new FhirException(HttpStatus.UNPROCESSABLE_ENTITY, issues);
        }
        return Fhir.tree(body);
    }

    private static Optional<String> nhsNumber(ObjectNode patient) {
        JsonNode ids = patient.path("identifier");
        if (ids instanceof ArrayNode) {
            for (JsonNode i : ids) {
                if (CodeSystems.NHS_NUMBER.equals(i.path("system").asText())) {
                    return IdentifierIndex.normalise(i.path("value").asText(""));
                }
            }
        }
        return Optional.empty();
    }

    /** If-None-Exist: identifier=https://fhir.nhs.uk/Id/nhs-number|NNNNNNNNNN, the one search this server offers. */
    static String ifNoneExistNhsNumber(String header) {
        String h = header.trim();
        String prefix = "identifier=" + CodeSystems.NHS_NUMBER + "|";
        String encoded = "identifier=" + CodeSystems.NHS_NUMBER.replace(":", "%3A").replace("/", "%2F") + "%7C";
        String rest = h.startsWith(prefix)
                ? h.substring(prefix.length())
                : h.startsWith(encoded) ? h.substring(encoded.length()) : null;
        Optional<String> n = rest == null ? Optional.empty() : IdentifierIndex.normalise(rest);
        return n.orElseThrow(() -> new FhirException(HttpStatus.BAD_REQUEST,
                List.of(new FhirException.Issue(IssueType.NOTSUPPORTED,
                        "If-None-Exist supports identifier=" + CodeSystems.NHS_NUMBER + "|{ten-digit NHS number} only",
                        "If-None-Exist"))));
    }

    private static String render(Patient patient, String id, long version, java.time.Instant at) {
        Patient copy = patient.copy();
        copy.setIdElement(new IdType(TYPE, id));
        copy.getMeta().setVersionId(Long.toString(version)).setLastUpdated(Date.from(at));
        return FhirJson.encode(copy);
    }

    /** Narrative and free text keep FHIR's narrative rules and carry nothing active (422 naming each path). */
    private static void refuseActiveContent(String body) {
        List<org.wellbeingpassport.fhir.validate.Issue> issues = org.wellbeingpassport.fhir.validate.NarrativeRules
                .check(org.wellbeingpassport.fhir.Fhir.tree(body));
        if (!issues.isEmpty()) {
            throw new FhirException(HttpStatus.UNPROCESSABLE_ENTITY, issues.stream()
                    .map(i -> new FhirException.Issue(IssueType.INVALID, i.message(), i.location())).toList());
        }
    }
}
