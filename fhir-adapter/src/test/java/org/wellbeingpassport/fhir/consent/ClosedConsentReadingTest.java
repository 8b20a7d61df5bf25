package org.wellbeingpassport.fhir.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.consent.DirectiveSet;
import org.wellbeingpassport.consent.Provision;
import org.wellbeingpassport.consent.Recipient;
import org.wellbeingpassport.consent.Scope;
import org.wellbeingpassport.consent.vocabulary.ProfessionalRole;
import org.wellbeingpassport.consent.vocabulary.Purpose;
import org.wellbeingpassport.consent.vocabulary.StorySection;
import org.wellbeingpassport.fhir.Fhir;
import org.wellbeingpassport.fhir.codes.CodeSystems;

/**
 * A resident's Consent is read closed: whatever we would not read (an unknown or misplaced field, extension or code)
 * is a problem naming its path, never dropped, so a grant is never wider than written (issue #11, finding 4; #17).
 */
class ClosedConsentReadingTest {
    private static final Instant GRANTED = Instant.parse("2026-09-15T09:00:00Z");

    /** "Work coaches at this organisation": the grant the issue saw widen to "anyone at this organisation". */
    private static DirectiveSet workCoaches() {
        return DirectiveSet.restore("gareth-pryce", 3,
                List.of(Provision.permit("coaches")
                        .to(Recipient.roleAt(ProfessionalRole.WORK_COACH, "org-neath-jobcentre", "Neath Jobcentre"))
                        .forPurposes(Purpose.BENEFITS_EMPLOYMENT).grantedAt(GRANTED)
                        .covering(Scope.sections(StorySection.GOALS)).build()))
                .orElseThrow();
    }

    private static ObjectNode json() {
        return Fhir.tree(ConsentMapping.toFhir(workCoaches()));
    }

    private static ObjectNode provision(ObjectNode consent) {
        return (ObjectNode) consent.path("provision").path("provision").get(0);
    }

    private static ObjectNode actor(ObjectNode consent) {
        return (ObjectNode) provision(consent).path("actor").get(0);
    }

    private static List<String> problems(Consumer<ObjectNode> change) {
        ObjectNode c = json();
        change.accept(c);
        ConsentMapping.Read<DirectiveSet> read = ConsentMapping.directives(Fhir.write(c));
        assertFalse(read.ok(), () -> "accepted: " + read.value());
        return read.problems();
    }

    private static void assertNamed(List<String> problems, String path) {
        assertTrue(problems.stream().anyMatch(p -> p.startsWith(path)),
                () -> "no problem at " + path + ": " + problems);
    }

    @Test
    void whatWeWriteIsReadBackTheSame() {
        ConsentMapping.Read<DirectiveSet> read = ConsentMapping.directives(Fhir.write(json()));
        assertTrue(read.ok(), read.problems().toString());
        assertEquals(workCoaches(), read.orElseThrow());
        DirectiveSet everything = ConsentMappingTest.everything();
        ConsentMapping.Read<DirectiveSet> all = ConsentMapping
                .directives(Fhir.encode(ConsentMapping.toFhir(everything)));
        assertTrue(all.ok(), all.problems().toString());
        assertEquals(everything, all.orElseThrow());
    }

    @Test
    void aRoleMovedOntoTheReferenceIsRejectedNotDropped() {
        // the role extension put on actor.reference: HAPI keeps it there, where the mapping never looked
        List<String> problems = problems(c -> {
            ObjectNode a = actor(c);
            a.set("reference", ((ObjectNode) a.get("reference")).set("extension", a.remove("extension")));
        });
        assertNamed(problems, "Consent.provision.provision[0].actor[0].reference.extension");
        // and through the model (a partner's HAPI object), the same
        Consent model = ConsentMapping.toFhir(workCoaches());
        Consent.provisionActorComponent a = model.getProvision().getProvision().get(0).getActor().get(0);
        a.getReference().addExtension(a.getExtension().remove(0));
        ConsentMapping.Read<DirectiveSet> read = ConsentMapping.directives(model);
        assertFalse(read.ok(), () -> "widened to " + read.value());
        assertNamed(read.problems(), "Consent.provision.provision[0].actor[0]");
    }

    @Test
    void aRoleOfTheWrongTypeIsRejectedNotDropped() {
        List<String> problems = problems(c -> {
            ObjectNode x = (ObjectNode) actor(c).path("extension").get(0);
            x.remove("valueCoding");
            x.put("valueCode", ProfessionalRole.WORK_COACH.code());
        });
        assertNamed(problems, "Consent.provision.provision[0].actor[0].extension[0]");
        Consent model = ConsentMapping.toFhir(workCoaches());
        model.getProvision().getProvision().get(0).getActor().get(0).getExtension().get(0)
                .setValue(new StringType(ProfessionalRole.WORK_COACH.code()));
        assertNamed(ConsentMapping.directives(model).problems(),
                "Consent.provision.provision[0].actor[0].extension[0].valueCoding");
    }

    @Test
    void aRoleOnTheProvisionInsteadOfTheActorIsRejected() {
        assertNamed(problems(c -> provision(c).set("extension", actor(c).remove("extension"))),
                "Consent.provision.provision[0].extension[0]");
    }

    @Test
    void unknownFieldsAnywhereAreRejectedWithTheirPath() {
        assertNamed(problems(c -> provision(c).put("durationMinutes", 5)),
                "Consent.provision.provision[0].durationMinutes");
        assertNamed(problems(c -> actor(c).put("onlyOnWeekdays", true)),
                "Consent.provision.provision[0].actor[0].onlyOnWeekdays");
        assertNamed(problems(c -> c.put("except", "nothing")), "Consent.except");
        assertNamed(problems(c -> provision(c).putArray("modifierExtension").addObject().put("url", "x")),
                "Consent.provision.provision[0].modifierExtension");
        assertNamed(problems(c -> provision(c).putObject("_type").putArray("extension")),
                "Consent.provision.provision[0]._type");
    }

    @Test
    void unknownCodesAndStatusesAreRejected() {
        assertNamed(problems(c -> c.put("status", "draft")), "Consent.status");
        assertNamed(
                problems(c -> ((ObjectNode) provision(c).path("code").get(0)).withArray("coding").addObject()
                        .put("system", "http://example.org/other").put("code", "all")),
                "Consent.provision.provision[0].code[0]");
        assertNamed(problems(c -> ((ObjectNode) c.path("policy").get(0)).put("uri", "http://example.org/open")),
                "Consent.policy[0].uri");
    }

    @Test
    void sectionsAndElementPathsTogetherAreRejectedNotNarrowedToTheirOverlap() {
        List<String> problems = problems(c -> provision(c).putArray("extension").addObject()
                .put("url", CodeSystems.EXT_ELEMENT_PATH).put("valueString", "Patient.name"));
        assertNamed(problems, "Consent.provision.provision[0].extension[0]");
        assertTrue(problems.get(0).contains("both story sections"), problems.toString());
    }

    /** #17: an extension without a url, and a whole-record extension with a null value, gave a 500. */
    @Test
    void anExtensionWithoutUrlOrWithANullValueIsAProblemNotACrash() {
        assertNamed(problems(c -> provision(c).putArray("extension").addObject().put("valueBoolean", true)),
                "Consent.provision.provision[0].extension[0].url");
        assertNamed(
                problems(c -> provision(c).putArray("extension").addObject()
                        .put("url", CodeSystems.EXT + "whole-record").putNull("valueBoolean")),
                "Consent.provision.provision[0].extension[0].valueBoolean");

        Consent noUrl = ConsentMapping.toFhir(workCoaches());
        noUrl.getProvision().getProvision().get(0).addExtension(new Extension().setValue(new BooleanType(true)));
        // (extension[0] is when it was granted)
        assertNamed(ConsentMapping.directives(noUrl).problems(), "Consent.provision.provision[0].extension[1].url");
        Consent nullWhole = ConsentMapping.toFhir(workCoaches());
        nullWhole.getProvision().getProvision().get(0)
                .addExtension(new Extension(CodeSystems.EXT + "whole-record", new BooleanType()));
        assertNamed(ConsentMapping.directives(nullWhole).problems(),
                "Consent.provision.provision[0].extension[1].valueBoolean");
        Consent roleNoUrl = ConsentMapping.toFhir(workCoaches());
        roleNoUrl.getProvision().getProvision().get(0).getActor().get(0)
                .addExtension(new Extension().setValue(new Coding(CodeSystems.PROFESSIONAL_ROLE, "gp", null)));
        assertNamed(ConsentMapping.directives(roleNoUrl).problems(), "Consent.provision.provision[0].actor[0]");
    }

    @Test
    void notJsonOrNotAnObjectIsAProblem() {
        assertFalse(ConsentMapping.directives("[1,2]").ok());
        assertFalse(ConsentMapping.directives("{\"resourceType\":\"Consent\",").ok());
        assertFalse(ConsentMapping.directives("").ok());
        ArrayNode notObjects = Fhir.json().createArrayNode().add(1);
        ObjectNode c = json();
        provision(c).set("actor", notObjects);
        assertNamed(ConsentMapping.directives(Fhir.write(c)).problems(), "Consent.provision.provision[0].actor[0]");
    }
}
