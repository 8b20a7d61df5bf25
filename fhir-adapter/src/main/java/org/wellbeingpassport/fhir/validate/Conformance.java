package org.wellbeingpassport.fhir.validate;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.ValueSet;
import org.wellbeingpassport.consent.vocabulary.OrganisationType;
import org.wellbeingpassport.consent.vocabulary.ProfessionalRole;
import org.wellbeingpassport.consent.vocabulary.Purpose;
import org.wellbeingpassport.consent.vocabulary.SensitivityCategory;
import org.wellbeingpassport.consent.vocabulary.StorySection;
import org.wellbeingpassport.fhir.Fhir;
import org.wellbeingpassport.fhir.codes.CodeSystems;
import org.wellbeingpassport.fhir.codes.ContactPreference;
import org.wellbeingpassport.fhir.codes.Origin;
import org.wellbeingpassport.fhir.codes.ResidentAssertion;
import org.wellbeingpassport.fhir.codes.SubSection;
import org.wellbeingpassport.fhir.codes.WellbeingMeasure;

/**
 * The conformance resources we publish: our extensions (StructureDefinitions, from
 * src/main/resources/structuredefinitions) and our code systems and value sets (built from the
 * Java vocabularies, so they can never drift from them).
 */
public final class Conformance {
    private Conformance() {
    }

    /** File names of the StructureDefinitions under /structuredefinitions on the class path. */
    public static final List<String> STRUCTURE_DEFINITIONS = List.of("asserted-on", "resident-assertion",
            "referral-outcome", "contact-preference", "element-path", "actor-role", "whole-record", "provision-granted",
            "provision-revoked", "lawful-basis", "open-dispute", "disagreement", "extension-inline-sec-label");

    /** Every extension definition we publish. */
    public static List<StructureDefinition> structureDefinitions() {
        List<StructureDefinition> out = new ArrayList<>();
        for (String name : STRUCTURE_DEFINITIONS) {
            try (InputStream in = Conformance.class.getResourceAsStream("/structuredefinitions/" + name + ".json")) {
                if (in == null) {
                    throw new IllegalStateException("missing /structuredefinitions/" + name + ".json");
                }
                out.add(Fhir.parse(StructureDefinition.class, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return List.copyOf(out);
    }

    /** Our code systems. */
    public static List<CodeSystem> codeSystems() {
        List<CodeSystem> out = new ArrayList<>();
        CodeSystem sections = cs("story-section", CodeSystems.STORY_SECTION, "Story sections",
                "Sections and sub-sections of the resident's story.");
        for (StorySection s : StorySection.values()) {
            CodeSystem.ConceptDefinitionComponent c = sections.addConcept().setCode(s.code()).setDisplay(s.label());
            for (SubSection sub : SubSection.values()) {
                if (sub.parent() == s) {
                    c.addConcept().setCode(sub.code()).setDisplay(sub.label());
                }
            }
        }
        out.add(sections);
        CodeSystem sens = cs("sensitivity", CodeSystems.SENSITIVITY, "Sensitivity categories",
                "Especially sensitive information. Where HL7 v3 ActCode has a code (PSY, ETH, SEX, SDV, HIV, GDIS) that code is used instead.");
        for (SensitivityCategory c : SensitivityCategory.values()) {
            sens.addConcept().setCode(c.code()).setDisplay(c.label());
        }
        out.add(sens);
        CodeSystem purposes = cs("purpose-of-use", CodeSystems.PURPOSE_OF_USE, "Purposes of use",
                "Why data is asked for. Where HL7 v3 ActReason has a code it is used instead.");
        for (Purpose p : Purpose.values()) {
            purposes.addConcept().setCode(p.code()).setDisplay(p.label());
        }
        out.add(purposes);
        CodeSystem roles = cs("professional-role", CodeSystems.PROFESSIONAL_ROLE, "Professional roles",
                "Coded roles; never abbreviations.");
        for (ProfessionalRole r : ProfessionalRole.values()) {
            roles.addConcept().setCode(r.code()).setDisplay(r.label());
        }
        out.add(roles);
        CodeSystem orgs = cs("organisation-type", CodeSystems.ORGANISATION_TYPE, "Organisation types",
                "Kinds of organisation in a resident's support.");
        for (OrganisationType t : OrganisationType.values()) {
            orgs.addConcept().setCode(t.code()).setDisplay(t.label());
        }
        out.add(orgs);
        CodeSystem measures = cs("wellbeing-measure", CodeSystems.WELLBEING_MEASURE, "Wellbeing measures",
                "Wellbeing scales and their items.");
        for (WellbeingMeasure m : WellbeingMeasure.values()) {
            measures.addConcept().setCode(m.code()).setDisplay(m.display())
                    .setDefinition("Score " + m.min() + " to " + m.max() + ".");
        }
        out.add(measures);
        CodeSystem assertion = cs("resident-assertion", CodeSystems.RESIDENT_ASSERTION, "Resident assertion",
                "Whether the resident wrote or confirmed an entry.");
        for (ResidentAssertion a : ResidentAssertion.values()) {
            assertion.addConcept().setCode(a.code()).setDisplay(a.display());
        }
        out.add(assertion);
        CodeSystem origin = cs("origin", CodeSystems.ORIGIN, "Origin", "Where a resource came from.");
        for (Origin o : Origin.values()) {
            origin.addConcept().setCode(o.code()).setDisplay(o.display());
        }
        origin.addConcept().setCode("partner-system").setDisplay("received from a partner system");
        out.add(origin);
        CodeSystem basis = cs("lawful-basis", CodeSystems.LAWFUL_BASIS, "Lawful bases",
                "Lawful bases other than consent.");
        basis.addConcept().setCode("safeguarding-duty").setDisplay("safeguarding duty");
        basis.addConcept().setCode("court-order").setDisplay("court order");
        basis.addConcept().setCode("statutory-gateway").setDisplay("legal gateway");
        out.add(basis);
        CodeSystem team = cs("care-team-role", CodeSystems.CARE_TEAM_ROLE, "Care team roles",
                "Roles in a care team beyond the professional role.");
        team.addConcept().setCode("lead").setDisplay("named lead professional");
        team.addConcept().setCode("resident").setDisplay("the resident");
        out.add(team);
        CodeSystem doc = cs("document-type", CodeSystems.DOCUMENT_TYPE, "Document types",
                "Kinds of passport document.");
        doc.addConcept().setCode("my-story").setDisplay("My story (wellbeing passport)");
        out.add(doc);
        CodeSystem contact = cs("contact-preference", CodeSystems.CONTACT_PREFERENCE, "Contact preferences",
                "How a resident prefers to be contacted.");
        for (ContactPreference p : ContactPreference.values()) {
            contact.addConcept().setCode(p.code()).setDisplay(p.display());
        }
        out.add(contact);
        CodeSystem handling = cs("security-handling", CodeSystems.SECURITY_HANDLING, "Security handling",
                "Handling instructions carried in meta.security.");
        handling.addConcept().setCode("process-inline-label").setDisplay("process inline security labels")
                .setDefinition(
                        "Some elements of this resource carry their own security label (DS4P inline label extension).");
        out.add(handling);
        return List.copyOf(out);
    }

    /** A value set for each of our code systems (all codes), named like the code system. */
    public static List<ValueSet> valueSets() {
        List<ValueSet> out = new ArrayList<>();
        for (CodeSystem cs : codeSystems()) {
            ValueSet vs = new ValueSet();
            vs.setId(cs.getId());
            vs.setUrl(CodeSystems.BASE + "/ValueSet/" + cs.getId());
            vs.setName(cs.getName());
            vs.setStatus(Enumerations.PublicationStatus.ACTIVE);
            vs.getCompose().addInclude().setSystem(cs.getUrl());
            out.add(vs);
        }
        return List.copyOf(out);
    }

    private static CodeSystem cs(String id, String url, String title, String description) {
        CodeSystem cs = new CodeSystem();
        cs.setId(id);
        cs.setUrl(url);
        cs.setVersion("0.1.0");
        cs.setName(title.replaceAll("[^A-Za-z]", ""));
        cs.setTitle(title);
        cs.setStatus(Enumerations.PublicationStatus.ACTIVE);
        cs.setDescription(description);
        cs.setContent(CodeSystem.CodeSystemContentMode.COMPLETE);
        cs.setCaseSensitive(true);
        cs.setHierarchyMeaning(CodeSystem.CodeSystemHierarchyMeaning.PARTOF);
        return cs;
    }
}
