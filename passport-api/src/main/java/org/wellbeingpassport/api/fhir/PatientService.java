package org.wellbeingpassport.api.fhir;

import org.wellbeingpassport.api.http.FhirException;

import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Patient;
import org.wellbeingpassport.api.passport.IdentifierIndex;
import org.wellbeingpassport.api.store.PassportStore;
import org.wellbeingpassport.fhir.Fhir;
import org.wellbeingpassport.api.store.StoredResource;
import org.wellbeingpassport.api.store.WriteOutcome;

/**
 * The Patient is the root of a passport: creating one starts a passport whose resident id is the Patient's id.
 */
@Singleton
public final class PatientService {
    static final String TYPE = "Patient";

    private final PassportStore store;
    private final IdentifierIndex identifiers;

    public PatientService(PassportStore store, IdentifierIndex identifiers) {
        this.store = store;
        this.identifiers = identifiers;
    }

    public StoredResource create(String body) {
        Patient patient = FhirJson.parse(body, Patient.class);
        refuseActiveContent(body);
        String id = UUID.randomUUID().toString();
        WriteOutcome outcome = store.createPassport(id, TYPE, id,
                (rid, version, at) -> render(patient, rid, version, at));
        if (outcome instanceof WriteOutcome.Written written) {
            identifiers.index(id, Fhir.tree(written.resource().json()));
            return written.resource();
        }
        throw new FhirException(HttpStatus.CONFLICT, IssueType.DUPLICATE, "A new record could not be created");
    }

    public Optional<StoredResource> read(String id) {
        return FhirJson.isValidId(id) ? store.read(id, TYPE, id) : Optional.empty();
    }

    public Optional<StoredResource> readVersion(String id, long version) {
        return FhirJson.isValidId(id) ? store.readVersion(id, TYPE, id, version) : Optional.empty();
    }

    public List<StoredResource> history(String id, int count) {
        return FhirJson.isValidId(id) ? store.history(id, TYPE, id, count) : List.of();
    }

    /** Update (or create at a client-chosen id, as FHIR allows) with optional If-Match. */
    public WriteOutcome update(String id, String body, OptionalLong ifMatch) {
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
        WriteOutcome outcome = store.update(id, TYPE, id, ifMatch, false, (rid, v, at) -> render(patient, rid, v, at));
        if (outcome instanceof WriteOutcome.NotFound && ifMatch.isEmpty()) {
            outcome = store.createPassport(id, TYPE, id, (rid, v, at) -> render(patient, rid, v, at));
            if (outcome instanceof WriteOutcome.VersionConflict) {
                // created by someone else in the meantime: an ordinary update now applies
                outcome = store.update(id, TYPE, id, ifMatch, false, (rid, v, at) -> render(patient, rid, v, at));
            }
        }
        if (outcome instanceof WriteOutcome.Written written) {
            identifiers.index(id, Fhir.tree(written.resource().json()));
        }
        return outcome;
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
