package org.wellbeingpassport.api.audit;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.util.Date;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentNetworkType;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventEntityComponent;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.wellbeingpassport.consent.vocabulary.OrganisationType;
import org.wellbeingpassport.consent.vocabulary.ProfessionalRole;
import org.wellbeingpassport.consent.vocabulary.Purpose;
import org.wellbeingpassport.fhir.codes.CodeSystems;

/**
 * Renders an entry as a FHIR R4 AuditEvent following the IHE Basic Audit Log Patterns (BALP): RESTful type and
 * subtype, the requesting person and their organisation as agents (with network address, purpose of use and the
 * policy that allowed it), this server as source, the patient and each resource as entities, and the element paths
 * disclosed and withheld as entity details (paths only, never values).
 */
public final class AuditEventRenderer {
    public static final String AUDIT_ACTION_SYSTEM = CodeSystems.BASE + "/CodeSystem/audit-action";
    public static final String AGENT_KIND_SYSTEM = CodeSystems.BASE + "/CodeSystem/agent-kind";
    public static final String POLICY_BASE = CodeSystems.BASE + "/policy/";
    public static final String EXT_CHAIN_POSITION = CodeSystems.EXT + "audit-chain-position";
    public static final String EXT_REASON = CodeSystems.EXT + "audit-stated-reason";
    public static final String EXT_NOTICE_DEFERRED = CodeSystems.EXT + "audit-notice-deferred";
    public static final String EXT_BREAK_GLASS = CodeSystems.EXT_BREAK_GLASS;
    static final String RESTFUL_INTERACTION = "http://hl7.org/fhir/restful-interaction";
    static final String DICOM = "http://dicom.nema.org/resources/ontology/DCM";
    static final String OBJECT_ROLE = "http://terminology.hl7.org/CodeSystem/object-role";
    static final String OBJECT_TYPE = "http://terminology.hl7.org/CodeSystem/audit-entity-type";
    static final String SECURITY_SOURCE_TYPE = "http://terminology.hl7.org/CodeSystem/security-source-type";
    static final String PARTICIPATION_TYPE = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";
    static final String EXTRA_SECURITY_ROLE = "http://terminology.hl7.org/CodeSystem/extra-security-role-type";

    private AuditEventRenderer() {
    }

    public static AuditEvent render(StoredEntry stored, String chain) {
        AuditEntry e = stored.entry();
        AuditEvent ev = new AuditEvent();
        ev.setId(stored.entryId());
        ev.addExtension(EXT_CHAIN_POSITION, new StringType(chain + "/" + stored.blockSeq() + "/" + stored.index()));
        String rest = restSubtype(e.action());
        if (rest != null) {
            ev.setType(new Coding(CodeSystems.AUDIT_EVENT_TYPE, "rest", "RESTful Operation"));
            ev.addSubtype(new Coding(RESTFUL_INTERACTION, rest, rest));
        } else {
            ev.setType(new Coding(DICOM, "110110", "Patient Record"));
        }
        ev.addSubtype(new Coding(AUDIT_ACTION_SYSTEM, e.action().code(), e.action().code()));
        ev.setAction(AuditEvent.AuditEventAction.fromCode(e.action().fhirAction()));
        ev.setRecorded(Date.from(e.at()));
        ev.setPeriod(new org.hl7.fhir.r4.model.Period().setStart(Date.from(e.at())).setEnd(Date.from(e.at())));
        ev.setOutcome(AuditEvent.AuditEventOutcome.fromCode(e.outcome().fhirCode()));
        e.detail().ifPresent(ev::setOutcomeDesc);
        CodeableConcept purpose = purpose(e);
        if (purpose != null) {
            ev.addPurposeOfEvent(purpose);
        }
        e.reason().ifPresent(r -> ev.addExtension(EXT_REASON, new StringType(r)));
        if (e.breakGlass()) {
            ev.addExtension(EXT_BREAK_GLASS, new BooleanType(true));
        }
        if (e.noticeDeferred()) {
            ev.addExtension(EXT_NOTICE_DEFERRED, new BooleanType(true));
        }

        // the person (or system) who asked
        AuditAgent a = e.agent();
        AuditEventAgentComponent who = ev.addAgent();
        who.setType(new CodeableConcept(new Coding(PARTICIPATION_TYPE, "IRCP", "information recipient")));
        who.addRole(new CodeableConcept(new Coding(AGENT_KIND_SYSTEM, a.kind(), a.kind())));
        a.roleCode().ifPresent(r -> who.addRole(new CodeableConcept(new Coding(CodeSystems.PROFESSIONAL_ROLE, r,
                ProfessionalRole.fromCode(r).map(ProfessionalRole::label).orElse(r)))));
        who.setWho(
                new Reference().setIdentifier(new Identifier().setSystem(CodeSystems.BASE + "/actor").setValue(a.id()))
                        .setDisplay(a.name()));
        who.setAltId(a.id());
        who.setName(a.name());
        who.setRequestor(true);
        e.sourceAddress().ifPresent(s -> who.getNetwork().setAddress(s).setType(AuditEventAgentNetworkType._2));
        if (purpose != null) {
            who.addPurposeOfUse(purpose);
        }
        e.basis().ifPresent(b -> who.addPolicy(POLICY_BASE + b
                + (e.directiveVersion().isPresent() ? "/directive-version/" + e.directiveVersion().getAsLong() : "")));
        if (a.organisationId().isPresent()) {
            AuditEventAgentComponent org = ev.addAgent();
            org.setType(new CodeableConcept(new Coding(EXTRA_SECURITY_ROLE, "datacollector", "data collector")));
            a.organisationType()
                    .ifPresent(t -> org.addRole(new CodeableConcept(new Coding(CodeSystems.ORGANISATION_TYPE, t,
                            OrganisationType.fromCode(t).map(OrganisationType::label).orElse(t)))));
            org.setWho(new Reference().setIdentifier(
                    new Identifier().setSystem(CodeSystems.BASE + "/organisation").setValue(a.organisationId().get()))
                    .setDisplay(a.organisationName().orElse(null)));
            org.setRequestor(false);
        }

        // this server
        ev.getSource().setSite("wellbeing-passport").setObserver(new Reference().setDisplay("Wellbeing Passport API"))
                .addType(new Coding(SECURITY_SOURCE_TYPE, "4", "Application Server"));

        // the resident and what was touched
        e.residentId().ifPresent(r -> {
            AuditEventEntityComponent patient = ev.addEntity();
            patient.setWhat(new Reference("Patient/" + r));
            patient.setType(new Coding(OBJECT_TYPE, "1", "Person"));
            patient.setRole(new Coding(OBJECT_ROLE, "1", "Patient"));
        });
        for (String res : e.resources()) {
            if (e.residentId().isPresent() && res.equals("Patient/" + e.residentId().get())) {
                continue;
            }
            AuditEventEntityComponent ent = ev.addEntity();
            ent.setWhat(new Reference(res));
            ent.setType(new Coding(OBJECT_TYPE, "2", "System Object"));
            ent.setRole(new Coding(OBJECT_ROLE, "4", "Domain Resource"));
        }
        if (!e.disclosedPaths().isEmpty() || !e.withheldPaths().isEmpty()) {
            AuditEventEntityComponent paths = ev.addEntity();
            paths.setType(new Coding(OBJECT_TYPE, "2", "System Object"));
            paths.setRole(new Coding(OBJECT_ROLE, "13", "Security Resource"));
            paths.setDescription("element paths disclosed and withheld (paths only)");
            for (String p : e.disclosedPaths()) {
                paths.addDetail().setType("disclosed-path").setValue(new StringType(p));
            }
            for (String p : e.withheldPaths()) {
                paths.addDetail().setType("withheld-path").setValue(new StringType(p));
            }
        }
        return ev;
    }

    public static String toJson(AuditEvent ev) {
        return parser().encodeResourceToString(ev);
    }

    private static final ThreadLocal<IParser> PARSER = ThreadLocal
            .withInitial(() -> FhirContext.forR4Cached().newJsonParser().setPrettyPrint(false));

    public static IParser parser() {
        return PARSER.get();
    }

    private static CodeableConcept purpose(AuditEntry e) {
        if (e.purpose().isEmpty() && !e.breakGlass()) {
            return null;
        }
        CodeableConcept c = new CodeableConcept();
        e.purpose().ifPresent(p -> c.addCoding(
                new Coding(CodeSystems.PURPOSE_OF_USE, p, Purpose.fromCode(p).map(Purpose::label).orElse(p))));
        if (e.breakGlass()) {
            c.addCoding(new Coding(CodeSystems.V3_ACT_CODE, "BTG", "break the glass"));
        }
        return c;
    }

    private static String restSubtype(AuditAction a) {
        return switch (a) {
            case READ, EXPORT -> "read";
            case SEARCH -> "search-type";
            case CREATE, CONTRIBUTION, DISPUTE, DISAGREEMENT -> "create";
            case UPDATE, CORRECTION, CONSENT_CHANGE, CONFIRMATION, DISPUTE_RESOLUTION, CORRECTION_REVIEW -> "update";
            case DELETE, ERASURE -> "delete";
            default -> null;
        };
    }
}
