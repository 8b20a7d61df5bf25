package org.wellbeingpassport.fhir.codes;

/**
 * Canonical URLs of the code systems, identifier systems and extensions the passport uses. Ours live
 * under {@link #BASE}; HL7 ones are used wherever HL7 has a code (see docs/fhir-model.md).
 */
public final class CodeSystems {
    private CodeSystems() {
    }

    /** Base of every canonical URL we publish. */
    public static final String BASE = "https://fhir.wellbeingpassport.org";

    // ours
    public static final String STORY_SECTION = BASE + "/CodeSystem/story-section";
    public static final String SENSITIVITY = BASE + "/CodeSystem/sensitivity";
    public static final String PURPOSE_OF_USE = BASE + "/CodeSystem/purpose-of-use";
    public static final String PROFESSIONAL_ROLE = BASE + "/CodeSystem/professional-role";
    public static final String ORGANISATION_TYPE = BASE + "/CodeSystem/organisation-type";
    public static final String WELLBEING_MEASURE = BASE + "/CodeSystem/wellbeing-measure";
    public static final String RESIDENT_ASSERTION = BASE + "/CodeSystem/resident-assertion";
    public static final String ORIGIN = BASE + "/CodeSystem/origin";
    public static final String LAWFUL_BASIS = BASE + "/CodeSystem/lawful-basis";
    public static final String CARE_TEAM_ROLE = BASE + "/CodeSystem/care-team-role";
    public static final String DOCUMENT_TYPE = BASE + "/CodeSystem/document-type";
    public static final String CONTACT_PREFERENCE = BASE + "/CodeSystem/contact-preference";
    /** Handling instructions for security labels (HL7's PROCESSINLINELABEL is newer than the ActCode bundled with R4). */
    public static final String SECURITY_HANDLING = BASE + "/CodeSystem/security-handling";

    // our extensions
    public static final String EXT = BASE + "/StructureDefinition/";
    /** On a Composition section: when it was last asserted (dateTime). */
    public static final String EXT_ASSERTED_ON = EXT + "asserted-on";
    /** On a Composition section or a resource: whether the resident wrote, confirmed or has not yet confirmed it. */
    public static final String EXT_RESIDENT_ASSERTION = EXT + "resident-assertion";
    /** On a ServiceRequest: the outcome of a referral. */
    public static final String EXT_REFERRAL_OUTCOME = EXT + "referral-outcome";
    /** On a Patient: how the resident prefers to be contacted. */
    public static final String EXT_CONTACT_PREFERENCE = EXT + "contact-preference";
    /** On a Consent provision: the element paths it names. */
    public static final String EXT_ELEMENT_PATH = EXT + "element-path";
    /** On a Consent provision: the lawful basis, when it is not consent. */
    public static final String EXT_LAWFUL_BASIS = EXT + "lawful-basis";
    /** On a Consent provision: a professional role as actor. */
    public static final String EXT_ACTOR_ROLE = EXT + "actor-role";
    /** On a Consent: break-glass terms. */
    public static final String EXT_BREAK_GLASS = EXT + "break-glass";
    /** On any element or resource: an open dispute that travels with it. */
    public static final String EXT_OPEN_DISPUTE = EXT + "open-dispute";
    /** On any element or resource: the resident's disagreement with a declined correction, which travels with it. */
    public static final String EXT_DISAGREEMENT = EXT + "disagreement";

    // HL7 FHIR Patient Request for Corrections IG (hl7.fhir.uv.patient-corrections 1.0.0)
    public static final String CORRECTIONS_IG = "http://hl7.org/fhir/uv/patient-corrections";
    public static final String CORRECTION_TASK_TYPES = CORRECTIONS_IG + "/CodeSystem/PatientCorrectionTaskTypes";
    public static final String CORRECTION_COMMUNICATION_TYPES = CORRECTIONS_IG
            + "/CodeSystem/PatientCorrectionCommunicationTypes";
    public static final String CORRECTION_BUSINESS_STATUS = CORRECTIONS_IG
            + "/CodeSystem/PatientCorrectionBusinessStatus";
    public static final String CORRECTION_OUTPUT_TYPES = CORRECTIONS_IG + "/CodeSystem/PatientCorrectionOutputTypes";
    public static final String CORRECTION_TASK_PROFILE = CORRECTIONS_IG
            + "/StructureDefinition/patient-correction-task";
    public static final String CORRECTION_COMMUNICATION_PROFILE = CORRECTIONS_IG
            + "/StructureDefinition/patient-correction-communication";

    // HL7 and others
    public static final String V3_ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
    public static final String V3_ACT_REASON = "http://terminology.hl7.org/CodeSystem/v3-ActReason";
    public static final String V3_CONFIDENTIALITY = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality";
    public static final String V3_OBSERVATION_VALUE = "http://terminology.hl7.org/CodeSystem/v3-ObservationValue";
    public static final String V3_ROLE_CODE = "http://terminology.hl7.org/CodeSystem/v3-RoleCode";
    public static final String V2_0131 = "http://terminology.hl7.org/CodeSystem/v2-0131";
    public static final String DATA_ABSENT_REASON = "http://terminology.hl7.org/CodeSystem/data-absent-reason";
    public static final String LIST_EMPTY_REASON = "http://terminology.hl7.org/CodeSystem/list-empty-reason";
    public static final String OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";
    public static final String CONDITION_CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical";
    public static final String CONDITION_VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status";
    public static final String CONDITION_CATEGORY = "http://terminology.hl7.org/CodeSystem/condition-category";
    public static final String GOAL_ACHIEVEMENT = "http://terminology.hl7.org/CodeSystem/goal-achievement";
    public static final String CONSENT_SCOPE = "http://terminology.hl7.org/CodeSystem/consentscope";
    public static final String CONSENT_POLICY = "http://terminology.hl7.org/CodeSystem/consentpolicycodes";
    public static final String PROVENANCE_PARTICIPANT_TYPE = "http://terminology.hl7.org/CodeSystem/provenance-participant-type";
    public static final String AUDIT_EVENT_TYPE = "http://terminology.hl7.org/CodeSystem/audit-event-type";
    public static final String LOINC = "http://loinc.org";
    public static final String SNOMED = "http://snomed.info/sct";
    public static final String LANGUAGE = "urn:ietf:bcp:47";
    public static final String EXT_DATA_ABSENT_REASON = "http://hl7.org/fhir/StructureDefinition/data-absent-reason";
    public static final String EXT_INTERPRETER_REQUIRED = "http://hl7.org/fhir/StructureDefinition/patient-interpreterRequired";
    /** The DS4P inline security label extension (an element-level label). */
    public static final String EXT_INLINE_SECURITY_LABEL = "http://hl7.org/fhir/uv/security-label-ds4p/StructureDefinition/extension-inline-sec-label";
    public static final String NHS_NUMBER = "https://fhir.nhs.uk/Id/nhs-number";
}
