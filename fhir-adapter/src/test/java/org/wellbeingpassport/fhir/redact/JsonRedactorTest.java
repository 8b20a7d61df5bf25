package org.wellbeingpassport.fhir.redact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.consent.AccessRequest;
import org.wellbeingpassport.consent.Actor;
import org.wellbeingpassport.consent.ConsentEngine;
import org.wellbeingpassport.consent.DirectiveSet;
import org.wellbeingpassport.consent.Organisation;
import org.wellbeingpassport.consent.Provision;
import org.wellbeingpassport.consent.Recipient;
import org.wellbeingpassport.consent.Scope;
import org.wellbeingpassport.consent.vocabulary.OrganisationType;
import org.wellbeingpassport.consent.vocabulary.ProfessionalRole;
import org.wellbeingpassport.consent.vocabulary.Purpose;
import org.wellbeingpassport.consent.vocabulary.SensitivityCategory;
import org.wellbeingpassport.consent.vocabulary.StorySection;
import org.wellbeingpassport.fhir.Fhir;
import org.wellbeingpassport.fhir.TestPassports;
import org.wellbeingpassport.fhir.example.ExamplePassports;
import org.wellbeingpassport.fhir.path.ElementPath;
import org.wellbeingpassport.fhir.path.ElementPaths;
import org.wellbeingpassport.fhir.path.PathKeys;
import org.wellbeingpassport.fhir.validate.ValidationReport;

class JsonRedactorTest {
    private static void assertValid(JsonNode json) {
        ValidationReport report = TestPassports.validate(json);
        assertTrue(report.valid(), () -> report.errors() + "\n" + Fhir.write(json));
    }

    private static void assertAbsent(JsonNode json, String... values) {
        String text = Fhir.write(json);
        for (String v : values) {
            assertFalse(text.contains(v), () -> "'" + v + "' still in " + text);
        }
    }

    private static boolean hasRedactedLabel(JsonNode resource) {
        for (JsonNode c : resource.path("meta").path("security")) {
            if (c.path("code").asText().equals("REDACTED")) {
                return true;
            }
        }
        return false;
    }

    /** Every path at or below these, as the engine would withhold them (the covering rule). */
    private static Set<String> covered(ObjectNode resource, String... prefixes) {
        Set<String> out = new HashSet<>();
        for (String p : ElementPaths.paths(resource)) {
            for (String prefix : prefixes) {
                if (Scope.covers(prefix, p)) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    @Test
    void aWithheldPrimitiveLeavesNoMarkAndNoLabel() {
        ObjectNode patient = TestPassports.first(TestPassports.named("jean-whitfield"), "Patient");
        assertEquals(JsonRedactor.Outcome.REDACTED,
                JsonRedactor.redact(patient, Redaction.withholding(Set.of("Patient.birthDate"), true)));
        assertAbsent(patient, "1958-03-14", "masked");
        assertFalse(patient.has("_birthDate"));
        assertFalse(hasRedactedLabel(patient), "a label would show that something was withheld");
        assertValid(patient);
    }

    /** Withheld means absent: a resident with a withheld phone and one with none receive the same Patient. */
    @Test
    void withheldAndNeverThereGiveTheSameBytes() {
        ObjectNode withPhone = TestPassports.first(TestPassports.named("delroy-campbell"), "Patient");
        ObjectNode without = withPhone.deepCopy();
        without.remove("telecom");
        without.remove("birthDate");
        without.remove("text");
        Set<String> paths = new HashSet<>(covered(withPhone, "Patient.telecom", "Patient.birthDate"));
        assertFalse(paths.isEmpty());
        JsonRedactor.redact(withPhone, Redaction.withholding(paths, true));
        JsonRedactor.redact(without, Redaction.withholding(Set.of(), true));
        assertEquals(Fhir.write(without), Fhir.write(withPhone));
        assertValid(withPhone);
    }

    @Test
    void oneEntryOfARepeatingElementGoes() {
        ObjectNode patient = TestPassports.first(TestPassports.named("delroy-campbell"), "Patient");
        JsonRedactor.redact(patient, Redaction.withholding(Set.of("Patient.telecom[phone]"), false));
        assertAbsent(patient, "07700 900301");
        assertEquals("delroy.campbell@example.net", patient.path("telecom").path(0).path("value").asText());
        assertEquals(1, patient.path("telecom").size());
        assertValid(patient);
    }

    @Test
    void nestedSubSectionGoesAndItsParentStays() {
        ObjectNode story = TestPassports.first(TestPassports.named("gareth-pryce"), "Composition");
        Set<String> withheld = covered(story, "Composition.section[health-and-wellbeing].section[trauma-detail]");
        assertEquals(2, withheld.size(), withheld.toString());
        JsonRedactor.redact(story, Redaction.withholding(withheld, false));
        assertAbsent(story, "first to reach my mate");
        assertTrue(Fhir.write(story).contains("Flashbacks and bad sleep"));
        assertValid(story);
    }

    @Test
    void aWithheldSectionLeavesNoPlaceTitleOrLabel() {
        ObjectNode story = TestPassports.first(TestPassports.named("delroy-campbell"), "Composition");
        String title = story.path("section").get(5).path("title").asText();
        assertFalse(title.isEmpty());
        Set<String> withheld = covered(story, "Composition.section[living-situation]");
        for (boolean mark : List.of(true, false)) {
            ObjectNode copy = story.deepCopy();
            JsonRedactor.redact(copy, Redaction.withholding(withheld, mark));
            assertAbsent(copy, "in front of the TV", "lift often broken", "prac-linda-crane", "living-situation", title,
                    "emptyReason", "not shared");
            assertEquals(story.path("section").size() - 1, copy.path("section").size());
            assertValid(copy);
        }
    }

    /** The case: Cerys reading Gareth sees neither the title nor the labels of what she may not see. */
    @Test
    void withheldSectionsKeepNeitherTitlesNorSensitivityLabels() {
        ObjectNode bundle = TestPassports.named("gareth-pryce");
        ObjectNode story = TestPassports.first(bundle, "Composition");
        Actor cerys = new Actor.Professional("prac-cerys-morgan", "Cerys Morgan",
                ProfessionalRole.HEALTH_AND_WELLBEING_COACH,
                new Organisation("org-townhill-health-centre", "Townhill Health Centre", OrganisationType.GP_PRACTICE));
        Instant granted = Instant.parse("2026-10-12T09:00:00Z");
        DirectiveSet directives = DirectiveSet.restore("gareth-pryce", 1,
                List.of(Provision.permit("coach").to(Recipient.named("prac-cerys-morgan", "Cerys Morgan"))
                        .grantedAt(granted).forPurposes(Purpose.DIRECT_CARE)
                        .covering(Scope.sections(StorySection.GOALS)).build()))
                .orElseThrow();
        List<String> otherTitles = new ArrayList<>();
        for (JsonNode s : story.path("section")) {
            if (!s.path("code").path("coding").path(0).path("code").asText().equals("goals")) {
                otherTitles.add(s.path("title").asText());
            }
        }
        JsonRedactor
                .redactBundle(bundle,
                        EngineRedaction.decider(
                                ConsentEngine.standard().compile(directives,
                                        AccessRequest.of(cerys, Purpose.DIRECT_CARE,
                                                Instant.parse("2026-11-22T10:00:00Z"))),
                                "gareth-pryce", r -> Map.of()));
        ObjectNode sent = TestPassports.first(bundle, "Composition");
        assertEquals(1, sent.path("section").size(), Fhir.write(sent));
        assertAbsent(bundle, otherTitles.toArray(String[]::new));
        assertAbsent(bundle, "benefits-finances", "PSY", "extension-inline-sec-label", "process-inline-label",
                "emptyReason", "REDACTED");
        assertValid(bundle);
    }

    @Test
    void aWithheldObservationValueLeavesNoDataAbsentReason() {
        ObjectNode obs = TestPassports.all(TestPassports.named("jean-whitfield"), "Observation").get(0);
        assertEquals("Observation[wemwbs]", PathKeys.root(obs));
        JsonRedactor.redact(obs, Redaction.withholding(Set.of("Observation[wemwbs].value"), true));
        assertFalse(obs.has("valueInteger"));
        assertFalse(obs.has("dataAbsentReason"), "a reason would show there was a value");
        assertValid(obs);
    }

    @Test
    void requiredElementsKeepTheirPlaceAsMasked() {
        ObjectNode bundle = TestPassports.named("jean-whitfield");
        ObjectNode obs = TestPassports.all(bundle, "Observation").get(0);
        assertFalse(ElementPaths.paths(obs).contains("Observation[wemwbs].status"),
                "a required code is never withheld");
        JsonRedactor.redact(obs, Redaction.withholding(Set.of("Observation[wemwbs].code"), false));
        assertEquals("final", obs.path("status").asText());
        assertEquals("masked", obs.path("code").path("extension").path(0).path("valueCode").asText());
        assertAbsent(obs, "Warwick-Edinburgh");
        assertValid(obs);

        ObjectNode goal = TestPassports.all(bundle, "Goal").get(0);
        JsonRedactor.redact(goal, Redaction.withholding(Set.of("Goal.description", "Goal.target[0]"), false));
        assertAbsent(goal, "Walk to Birkenhead Park", "1.50");
        assertValid(goal);

        ObjectNode story = TestPassports.first(bundle, "Composition");
        JsonRedactor.redact(story,
                Redaction.withholding(Set.of("Composition.author[0]", "Composition.subject"), false));
        assertEquals("masked", story.path("author").path(0).path("extension").path(0).path("valueCode").asText());
        assertFalse(story.has("subject"));
        assertValid(story);
    }

    @Test
    void inlineLabelsWithholdOnlyTheLabelledElementsFromWhoeverWasNotGrantedThem() {
        ObjectNode bundle = TestPassports.named("gareth-pryce");
        Instant granted = Instant.parse("2026-10-12T09:00:00Z");
        Actor dai = new Actor.Professional("prac-dai-hopkins", "Dai Hopkins", ProfessionalRole.COMMUNITY_CONNECTOR,
                new Organisation("org-neath-valley-mens-shed", "Neath Valley Men's Shed",
                        OrganisationType.VOLUNTARY_COMMUNITY));
        Actor cerys = new Actor.Professional("prac-cerys-morgan", "Cerys Morgan",
                ProfessionalRole.HEALTH_AND_WELLBEING_COACH,
                new Organisation("org-townhill-health-centre", "Townhill Health Centre", OrganisationType.GP_PRACTICE));
        DirectiveSet directives = DirectiveSet
                .restore("gareth-pryce", 1, List.of(
                        Provision.permit("shed").to(Recipient.named("prac-dai-hopkins", "Dai Hopkins"))
                                .grantedAt(granted).forPurposes(Purpose.CARE_COORDINATION)
                                .covering(Scope.sections(StorySection.COMMUNICATION, StorySection.HEALTH_AND_WELLBEING,
                                        StorySection.STRENGTHS))
                                .build(),
                        Provision.permit("coach").to(Recipient.named("prac-cerys-morgan", "Cerys Morgan"))
                                .grantedAt(granted).forPurposes(Purpose.DIRECT_CARE)
                                .covering(Scope.sections(StorySection.HEALTH_AND_WELLBEING)
                                        .including(SensitivityCategory.TRAUMA, SensitivityCategory.MENTAL_HEALTH))
                                .build()))
                .orElseThrow();
        ConsentEngine engine = ConsentEngine.standard();
        Instant now = Instant.parse("2026-11-22T10:00:00Z");

        ObjectNode forDai = bundle.deepCopy();
        JsonRedactor.redactBundle(forDai,
                EngineRedaction.decider(
                        engine.compile(directives, AccessRequest.of(dai, Purpose.CARE_COORDINATION, now)),
                        "gareth-pryce", r -> Map.of()));
        assertAbsent(forDai, "first to reach my mate", "Details of the 2022 accident", "Posttraumatic",
                "Universal Credit");
        String dais = Fhir.write(forDai);
        assertTrue(dais.contains("Trauma-informed approach requested"), dais);
        assertTrue(dais.contains("Flashbacks and bad sleep"));
        assertValid(forDai);

        ObjectNode forCerys = bundle.deepCopy();
        JsonRedactor.redactBundle(forCerys,
                EngineRedaction.decider(engine.compile(directives, AccessRequest.of(cerys, Purpose.DIRECT_CARE, now)),
                        "gareth-pryce", r -> Map.of()));
        String hers = Fhir.write(forCerys);
        assertTrue(hers.contains("first to reach my mate"), hers);
        assertTrue(hers.contains("Posttraumatic stress disorder"));
        assertAbsent(forCerys, "Trauma-informed approach requested", "Universal Credit", "07700 900501");
        assertValid(forCerys);
    }

    @Test
    void droppedResourcesLeaveNoTraceInTheBundle() {
        ObjectNode bundle = TestPassports.named("kayleigh-brennan");
        int before = bundle.path("entry").size();
        JsonRedactor.BundleOutcome out = JsonRedactor.redactBundle(bundle,
                r -> r.path("resourceType").asText().equals("Condition") ? Redaction.DROP : Redaction.NONE);
        assertEquals(2, out.dropped());
        assertEquals(before - 2, bundle.path("entry").size());
        assertAbsent(bundle, "kayleigh-brennan-condition-1", "kayleigh-brennan-condition-2",
                "Victim of domestic violence", "Anxiety disorder");
        ObjectNode story = TestPassports.first(bundle, "Composition");
        assertFalse(hasRedactedLabel(story), "no label shows that the story lost its references to them");
        assertFalse(story.has("text"), "nor a narrative that could name them");
        assertValid(bundle);
    }

    @Test
    void perResourceCallersCanRemoveReferencesToWhatTheyDropped() {
        ObjectNode bundle = TestPassports.named("kayleigh-brennan");
        List<ObjectNode> sent = new ArrayList<>();
        Set<String> dropped = new HashSet<>();
        for (JsonNode e : bundle.path("entry")) {
            ObjectNode r = (ObjectNode) e.get("resource");
            boolean drop = r.path("resourceType").asText().equals("Condition")
                    || r.path("resourceType").asText().equals("ServiceRequest");
            if (JsonRedactor.redact(r, drop ? Redaction.DROP : Redaction.NONE) == JsonRedactor.Outcome.DROPPED) {
                dropped.add(r.path("resourceType").asText() + "/" + r.path("id").asText());
            } else {
                sent.add(r);
            }
        }
        assertEquals(3, dropped.size());
        assertTrue(JsonRedactor.removeReferences(sent, dropped) >= 2, "the story and the plan pointed at them");
        ObjectNode out = Fhir.json().createObjectNode().put("resourceType", "Bundle").put("type", "collection");
        for (ObjectNode r : sent) {
            out.withArray("entry").addObject().put("fullUrl", "https://api.wellbeingpassport.org/fhir/R4/"
                    + r.path("resourceType").asText() + "/" + r.path("id").asText()).set("resource", r);
        }
        assertAbsent(out, dropped.toArray(String[]::new));
        assertValid(out);
    }

    @Test
    void searchBundleShowsNothingWasWithheld() {
        ObjectNode bundle = TestPassports.named("jean-whitfield");
        bundle.put("type", "searchset");
        bundle.put("total", bundle.path("entry").size());
        bundle.putArray("link").addObject().put("relation", "self").put("url",
                "https://api.example/fhir/R4/Observation?subject=Patient/jean-whitfield");
        ((com.fasterxml.jackson.databind.node.ArrayNode) bundle.get("link")).addObject().put("relation", "next").put(
                "url", "https://api.example/fhir/R4/Observation?subject=Patient/jean-whitfield&_offset=20&_count=20");
        for (JsonNode e : bundle.path("entry")) {
            ((ObjectNode) e).putObject("search").put("mode", "match");
        }
        JsonRedactor.redactBundle(bundle,
                r -> r.path("resourceType").asText().equals("Observation") ? Redaction.DROP : Redaction.NONE);
        assertEquals(bundle.path("entry").size(), bundle.path("total").asInt());
        assertEquals(1, bundle.path("link").size());
        assertEquals("self", bundle.path("link").path(0).path("relation").asText());
        assertAbsent(bundle, "_offset", "Observation/jean-whitfield-obs");
    }

    @Test
    void openDisputesTravelWithTheDisputedSection() {
        ObjectNode story = TestPassports.first(TestPassports.named("delroy-campbell"), "Composition");
        Redaction r = Redaction.withholding(Set.of("Composition.section[goals].entry"), true)
                .withDisputes("Composition.section[living-situation]", List.of("dispute-delroy-1"));
        JsonRedactor.redact(story, r);
        JsonNode living = story.path("section").get(5);
        boolean found = false;
        for (JsonNode x : living.path("extension")) {
            found |= x.path("url").asText().endsWith("/open-dispute")
                    && x.path("extension").path(0).path("valueString").asText().equals("dispute-delroy-1");
        }
        assertTrue(found, living.toString());
        assertValid(story);
    }

    @Test
    void hapiRedactorGivesTheSameAnswer() {
        Bundle model = ExamplePassports.named("ikenna-eze").passport();
        Function<ObjectNode, Redaction> decide = r -> r.path("resourceType").asText().equals("Patient")
                ? Redaction.withholding(Set.of("Patient.telecom[email]", "Patient.birthDate"), true)
                : r.path("resourceType").asText().equals("RelatedPerson") ? Redaction.DROP : Redaction.NONE;
        Bundle viaHapi = HapiRedactor.redact(model, decide);
        ObjectNode viaJson = Fhir.tree(model);
        JsonRedactor.redactBundle(viaJson, decide);
        assertEquals(Fhir.encode(Fhir.parse(Fhir.write(viaJson))), Fhir.encode(viaHapi));
        assertAbsent(Fhir.tree(viaHapi), "ikenna.eze@example.net", "2002-04-17", "07700 900602");
        IBaseResource patient = HapiRedactor.redact(model.getEntryFirstRep().getResource(), Redaction.DROP)
                .orElse(null);
        assertEquals(null, patient);
    }

    /** Withhold a third of every resource's paths; no value that was only in a withheld element may be left. */
    @Test
    void noWithheldValueSurvivesAnywhere() {
        for (int index = 0; index < 3; index++) {
            ObjectNode bundle = Fhir.tree(ExamplePassports.generated(index));
            String original = Fhir.write(bundle);
            Map<String, Set<String>> withheldByResource = new HashMap<>();
            List<String> mustGo = new ArrayList<>();
            int n = 0;
            for (JsonNode e : bundle.path("entry")) {
                ObjectNode res = (ObjectNode) e.get("resource");
                Set<String> withheld = new HashSet<>();
                for (ElementPath p : ElementPaths.of(res)) {
                    if (n++ % 3 == index % 3) {
                        withheld.add(p.path());
                    }
                }
                withheldByResource.put(res.path("resourceType").asText() + "/" + res.path("id").asText(), withheld);
                for (String value : valuesAt(res, withheld, index % 2 == 0)) {
                    if (value.length() >= 8 && original.indexOf(value) == original.lastIndexOf(value)) {
                        mustGo.add(value);
                    }
                }
            }
            assertTrue(mustGo.size() > 10, "enough distinctive values to check: " + mustGo.size());
            boolean mark = index % 2 == 0;
            JsonRedactor.redactBundle(bundle,
                    r -> Redaction.withholding(
                            withheldByResource.get(r.path("resourceType").asText() + "/" + r.path("id").asText()),
                            mark));
            assertAbsent(bundle, mustGo.toArray(String[]::new));
            if (index == 0) {
                assertValid(bundle);
            }
        }
    }

    /** Textual values under the withheld paths, found by redacting a copy with only that path... and diffing. */
    private static List<String> valuesAt(ObjectNode resource, Set<String> paths, boolean mark) {
        List<String> out = new ArrayList<>();
        List<String> all = new ArrayList<>();
        collect(resource, all);
        ObjectNode copy = resource.deepCopy();
        JsonRedactor.redact(copy, Redaction.withholding(paths, mark));
        List<String> left = new ArrayList<>();
        collect(copy, left);
        for (String v : all) {
            if (!left.contains(v)) {
                out.add(v);
            }
        }
        return out;
    }

    private static void collect(JsonNode n, List<String> into) {
        if (n.isTextual()) {
            into.add(n.textValue());
        } else if (n.isNumber()) {
            into.add(n.asText());
        }
        for (JsonNode c : n) {
            collect(c, into);
        }
    }
}
