package org.wellbeingpassport.api.fhir;

import jakarta.inject.Singleton;
import java.util.Date;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementKind;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.ResourceVersionPolicy;
import org.hl7.fhir.r4.model.CapabilityStatement.RestfulCapabilityMode;
import org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction;
import org.hl7.fhir.r4.model.Enumerations.FHIRVersion;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;

/** The CapabilityStatement: only what this server really does. */
@Singleton
public final class CapabilityStatementFactory {
    private final String json;

    public CapabilityStatementFactory() {
        CapabilityStatement cs = new CapabilityStatement();
        cs.setStatus(PublicationStatus.ACTIVE).setDate(new Date()).setPublisher("Wellbeing Passport")
                .setKind(CapabilityStatementKind.INSTANCE).setFhirVersion(FHIRVersion._4_0_1)
                .addFormat("application/fhir+json").addFormat("json");
        cs.getSoftware().setName("Wellbeing Passport").setVersion(version());
        cs.getImplementation().setDescription("Resident-owned, consent-governed health and wellbeing record");
        CapabilityStatementRestComponent rest = cs.addRest().setMode(RestfulCapabilityMode.SERVER);
        rest.setDocumentation("JSON only. Every update creates a new version; If-Match with a stale version is"
                + " refused with 412.");
        CapabilityStatementRestResourceComponent patient = rest.addResource().setType("Patient");
        patient.setVersioning(ResourceVersionPolicy.VERSIONEDUPDATE).setReadHistory(true).setUpdateCreate(true)
                .setConditionalCreate(false).setConditionalUpdate(false)
                .setConditionalRead(CapabilityStatement.ConditionalReadStatus.NOTSUPPORTED)
                .setConditionalDelete(CapabilityStatement.ConditionalDeleteStatus.NOTSUPPORTED);
        for (TypeRestfulInteraction i : new TypeRestfulInteraction[]{TypeRestfulInteraction.READ,
                TypeRestfulInteraction.VREAD, TypeRestfulInteraction.UPDATE, TypeRestfulInteraction.CREATE,
                TypeRestfulInteraction.HISTORYINSTANCE}) {
            patient.addInteraction().setCode(i);
        }
        corrections(rest); // issue 15: the correction queue and Subscriptions (see corrections/, notices/)
        this.json = FhirJson.encode(cs);
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

    public String json() {
        return json;
    }

    private static String version() {
        String v = CapabilityStatementFactory.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }
}
