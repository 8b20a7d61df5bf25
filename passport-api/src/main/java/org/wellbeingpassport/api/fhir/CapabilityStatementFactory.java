package org.wellbeingpassport.api.fhir;

import jakarta.inject.Singleton;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementKind;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.ResourceVersionPolicy;
import org.hl7.fhir.r4.model.CapabilityStatement.RestfulCapabilityMode;
import org.hl7.fhir.r4.model.CapabilityStatement.SystemRestfulInteraction;
import org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Enumerations.FHIRVersion;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r4.model.Enumerations.SearchParamType;
import org.wellbeingpassport.api.partner.SmartController;

/**
 * The CapabilityStatement: only what this server really does (CapabilityConformanceTest exercises every claim and a
 * sample of what is not claimed). Its security section says how to get a token (SMART Backend Services).
 */
@Singleton
public final class CapabilityStatementFactory {
    static final List<String> CLINICAL = List.of("Composition", "CarePlan", "Goal", "Condition", "Observation",
            "RelatedPerson", "ServiceRequest");
    static final List<String> DIRECTORY = List.of("Organization", "Practitioner", "PractitionerRole");
    private final Map<String, String> byBase = new ConcurrentHashMap<>();

    /** The statement for callers reaching the service at {@code base} (its token endpoint is written there). */
    public String json(String base) {
        if (byBase.size() > 64) {
            byBase.clear(); // a Host header is the caller's to choose: never let them grow this without bound
        }
        return byBase.computeIfAbsent(base, CapabilityStatementFactory::build);
    }

    private static String build(String base) {
        CapabilityStatement cs = new CapabilityStatement();
        cs.setStatus(PublicationStatus.ACTIVE).setDate(new Date()).setPublisher("Wellbeing Passport")
                .setKind(CapabilityStatementKind.INSTANCE).setFhirVersion(FHIRVersion._4_0_1)
                .addFormat("application/fhir+json").addFormat("json");
        cs.getSoftware().setName("Wellbeing Passport").setVersion(version());
        cs.getImplementation().setDescription("Resident-owned, consent-governed health and wellbeing record")
                .setUrl(base + "/fhir");
        CapabilityStatementRestComponent rest = cs.addRest().setMode(RestfulCapabilityMode.SERVER);
        rest.setDocumentation("JSON only. Every request is decided by the resident's consent for the purpose of use"
                + " (?purpose=, the X-Purpose-Of-Use header, or the partner registration's default): what is withheld"
                + " is absent, and what a caller may not see answers 404 like what is not there. Searches are by"
                + " patient (Patient by NHS number or _id) and match what the caller is shown (redacted), have no"
                + " total, and page with _count and the next link over the caller's own results; _summary=count"
                + " counts the caller's own matches only. Also: _sort (date, _lastUpdated, _id; - for descending),"
                + " _summary (true, false, data, count), _elements, _include of directory resources (and"
                + " _include:iterate from what was included: PractitionerRole's practitioner and organization,"
                + " Provenance's agent), _revinclude of what the caller is shown that refers to a match (each"
                + " clinical type's subject or patient on Patient; Provenance:target on every type: who wrote what);"
                + " included resources never change a page's matches, its links or its count. An unknown"
                + " parameter is a 400 unless Prefer: handling=lenient. Type history covers the residents the caller"
                + " has been given something of, and only resources it sees in full, newest first, paged like"
                + " searches (_count, and a next link with _offset exactly when the caller's own history goes on; no"
                + " total); instance history pages the same way (its total: the resource's versions)."
                + " Every update creates a new version; If-Match with a stale version is refused with 412.");
        CapabilityStatement.CapabilityStatementRestSecurityComponent security = rest.getSecurity();
        security.setCors(false)
                .addService(
                        new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/restful-security-service",
                                "SMART-on-FHIR", "SMART-on-FHIR")))
                .setDescription("SMART Backend Services: client_credentials with a private_key_jwt client assertion"
                        + " (RS384 or ES384) at " + base + SmartController.TOKEN_PATH + "; see " + base
                        + "/.well-known/smart-configuration. System scopes (SMART v2), e.g. system/Observation.rs.");
        // no oauth-uris extension: its profile requires an authorize endpoint, which backend services have none of;
        // SMART 2 discovery is the .well-known document named above
        rest.addInteraction().setCode(SystemRestfulInteraction.TRANSACTION).setDocumentation("May carry a resident's"
                + " whole passport: PUT Patient/{id} (system/Patient.u), POST of "
                + String.join(", ", new java.util.TreeSet<>(PartnerWrites.WRITABLE.keySet()))
                + " (system/{Type}.c) and PUT of those this client wrote"
                + " (system/{Type}.u), each with an optional request.ifMatch; no Composition, no urn:uuid references"
                + " between entries, at most 100 entries. Checked whole before any write; each resident's entries"
                + " become one new passport version, all or nothing (412 on a stale ifMatch, 422 naming the entry).");
        rest.addInteraction().setCode(SystemRestfulInteraction.BATCH);

        CapabilityStatementRestResourceComponent patient = rest.addResource().setType("Patient");
        patient.setVersioning(ResourceVersionPolicy.VERSIONEDUPDATE).setReadHistory(true).setUpdateCreate(false)
                .setConditionalCreate(true).setConditionalUpdate(false)
                .setConditionalRead(CapabilityStatement.ConditionalReadStatus.NOTSUPPORTED)
                .setConditionalDelete(CapabilityStatement.ConditionalDeleteStatus.NOTSUPPORTED);
        for (TypeRestfulInteraction i : new TypeRestfulInteraction[]{TypeRestfulInteraction.READ,
                TypeRestfulInteraction.VREAD, TypeRestfulInteraction.UPDATE, TypeRestfulInteraction.CREATE,
                TypeRestfulInteraction.HISTORYINSTANCE}) {
            patient.addInteraction().setCode(i);
        }
        patient.addInteraction().setCode(TypeRestfulInteraction.SEARCHTYPE);
        patient.addSearchParam().setName("identifier").setType(SearchParamType.TOKEN).setDocumentation(
                "The NHS number: " + org.wellbeingpassport.fhir.codes.CodeSystems.NHS_NUMBER + "|{number}");
        patient.addSearchParam().setName("_id").setType(SearchParamType.TOKEN);
        SearchQuery.includes("Patient").forEach(patient::addSearchInclude);
        SearchQuery.revIncludes("Patient").forEach(patient::addSearchRevInclude);
        patient.addOperation().setName("everything")
                .setDefinition("http://hl7.org/fhir/OperationDefinition/Patient-everything");
        validate(patient);

        for (String type : CLINICAL) {
            CapabilityStatementRestResourceComponent r = rest.addResource().setType(type);
            r.setVersioning(ResourceVersionPolicy.VERSIONED).setReadHistory(true).setUpdateCreate(false)
                    .setConditionalCreate(type.equals("Observation"))
                    .setConditionalRead(CapabilityStatement.ConditionalReadStatus.NOTSUPPORTED)
                    .setConditionalDelete(CapabilityStatement.ConditionalDeleteStatus.NOTSUPPORTED);
            r.addInteraction().setCode(TypeRestfulInteraction.READ);
            r.addInteraction().setCode(TypeRestfulInteraction.VREAD);
            r.addInteraction().setCode(TypeRestfulInteraction.HISTORYINSTANCE);
            r.addInteraction().setCode(TypeRestfulInteraction.SEARCHTYPE);
            if (type.equals("Observation")) {
                r.addInteraction().setCode(TypeRestfulInteraction.CREATE);
            }
            r.addSearchParam().setName("patient").setType(SearchParamType.REFERENCE)
                    .setDocumentation("Required (or subject): every search is within one resident's record");
            if (!type.equals("RelatedPerson")) {
                r.addSearchParam().setName("subject").setType(SearchParamType.REFERENCE);
            }
            r.addInteraction().setCode(TypeRestfulInteraction.HISTORYTYPE);
            r.addSearchParam().setName("_id").setType(SearchParamType.TOKEN);
            r.addSearchParam().setName("_lastUpdated").setType(SearchParamType.DATE);
            r.addSearchParam().setName("identifier").setType(SearchParamType.TOKEN);
            if (SearchQuery.parameters(type).contains("code")) {
                r.addSearchParam().setName("code").setType(SearchParamType.TOKEN)
                        .setDocumentation("system|code, |code or code; commas for alternatives");
            }
            if (SearchQuery.hasDate(type)) {
                r.addSearchParam().setName("date").setType(SearchParamType.DATE)
                        .setDocumentation("Prefixes eq, ne, lt, le, gt, ge, sa, eb");
            }
            SearchQuery.includes(type).forEach(r::addSearchInclude);
            SearchQuery.revIncludes(type).forEach(r::addSearchRevInclude);
            validate(r);
            if (type.equals("Composition")) {
                r.addOperation().setName("document")
                        .setDefinition("http://hl7.org/fhir/OperationDefinition/Composition-document");
            }
        }
        CapabilityStatementRestResourceComponent provenance = rest.addResource().setType("Provenance");
        provenance.setVersioning(ResourceVersionPolicy.VERSIONED).setReadHistory(true).setUpdateCreate(false)
                .setConditionalRead(CapabilityStatement.ConditionalReadStatus.NOTSUPPORTED)
                .setConditionalDelete(CapabilityStatement.ConditionalDeleteStatus.NOTSUPPORTED).setDocumentation(
                        "Who wrote what, as the resident shares it: reached with _revinclude=Provenance:target"
                                + " (or $everything), then read by id");
        provenance.addInteraction().setCode(TypeRestfulInteraction.READ);
        provenance.addInteraction().setCode(TypeRestfulInteraction.VREAD);
        provenance.addInteraction().setCode(TypeRestfulInteraction.HISTORYINSTANCE);
        for (String type : DIRECTORY) {
            rest.addResource().setType(type).addInteraction().setCode(TypeRestfulInteraction.READ);
        }
        for (String type : ConformanceResources.TYPES) {
            CapabilityStatementRestResourceComponent r = rest.addResource().setType(type);
            r.addInteraction().setCode(TypeRestfulInteraction.READ);
            r.addInteraction().setCode(TypeRestfulInteraction.SEARCHTYPE);
            r.addSearchParam().setName("url").setType(SearchParamType.URI);
            r.addSearchParam().setName("_id").setType(SearchParamType.TOKEN);
            r.setDocumentation("The project's own: " + String.join(", ", ConformanceResources.urls(type)));
        }
        corrections(rest); // issue 15: the correction queue and Subscriptions (see corrections/, notices/)
        return FhirJson.encode(cs);
    }

    private static void validate(CapabilityStatementRestResourceComponent r) {
        r.addOperation().setName("validate").setDefinition("http://hl7.org/fhir/OperationDefinition/Resource-validate");
    }

    private static void corrections(CapabilityStatementRestComponent rest) {
        CapabilityStatementRestResourceComponent task = rest.addResource().setType("Task").addSupportedProfile(
                "http://hl7.org/fhir/uv/patient-corrections/StructureDefinition/patient-correction-task");
        task.addInteraction().setCode(TypeRestfulInteraction.READ);
        task.addInteraction().setCode(TypeRestfulInteraction.SEARCHTYPE);
        task.addSearchParam().setName("status").setType(org.hl7.fhir.r4.model.Enumerations.SearchParamType.TOKEN);
        task.addSearchParam().setName("code").setType(org.hl7.fhir.r4.model.Enumerations.SearchParamType.TOKEN);
        CapabilityStatementRestResourceComponent sub = rest.addResource().setType("Subscription").addSupportedProfile(
                "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-subscription");
        sub.addInteraction().setCode(TypeRestfulInteraction.CREATE);
        sub.addInteraction().setCode(TypeRestfulInteraction.READ);
        sub.addOperation().setName("status").setDefinition(
                "http://hl7.org/fhir/uv/subscriptions-backport/OperationDefinition/backport-subscription-status");
        for (String topic : org.wellbeingpassport.api.notices.Topics.urls()) {
            rest.addExtension(
                    "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/capabilitystatement-subscriptiontopic-canonical",
                    new org.hl7.fhir.r4.model.CanonicalType(topic));
        }
    }

    private static String version() {
        String v = CapabilityStatementFactory.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }
}
