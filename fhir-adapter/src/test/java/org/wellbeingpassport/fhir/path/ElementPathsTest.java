package org.wellbeingpassport.fhir.path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.consent.DataItem;
import org.wellbeingpassport.consent.Origin;
import org.wellbeingpassport.consent.Scope;
import org.wellbeingpassport.consent.vocabulary.SensitivityCategory;
import org.wellbeingpassport.consent.vocabulary.StorySection;
import org.wellbeingpassport.fhir.TestPassports;

class ElementPathsTest {
    private static Map<String, ElementPath> byPath(ObjectNode resource) {
        return ElementPaths.of(resource).stream().collect(Collectors.toMap(ElementPath::path, p -> p));
    }

    @Test
    void patientPathsNameElementsAndKeyedEntries() {
        ObjectNode patient = TestPassports.first(TestPassports.named("nasreen-akhtar"), "Patient");
        Map<String, ElementPath> paths = byPath(patient);
        assertTrue(
                paths.keySet().containsAll(List.of("Patient.identifier[nhs-number]", "Patient.name[0]",
                        "Patient.telecom[phone]", "Patient.birthDate", "Patient.gender", "Patient.communication[bn]",
                        "Patient.extension[patient-interpreterRequired]", "Patient.extension[contact-preference]",
                        "Patient.extension[contact-preference~2]", "Patient.generalPractitioner[0]")),
                paths.keySet().toString());
        assertFalse(paths.keySet().stream()
                .anyMatch(p -> p.startsWith("Patient.meta") || p.equals("Patient.id") || p.equals("Patient")));
        assertEquals(Optional.of(StorySection.IDENTITY), paths.get("Patient.birthDate").section());
    }

    @Test
    void storySectionsAreNamedByCodeWithInlineLabelsInherited() {
        ObjectNode story = TestPassports.first(TestPassports.named("gareth-pryce"), "Composition");
        Map<String, ElementPath> paths = byPath(story);
        String trauma = "Composition.section[health-and-wellbeing].section[trauma-detail]";
        assertEquals(Set.of(SensitivityCategory.TRAUMA), paths.get(trauma).labels());
        assertEquals(Set.of(SensitivityCategory.TRAUMA), paths.get(trauma + ".text").labels());
        assertEquals(Set.of(), paths.get("Composition.section[health-and-wellbeing].text").labels());
        assertEquals(Optional.of(StorySection.HEALTH_AND_WELLBEING), paths.get(trauma + ".text").section());
        assertEquals(Set.of(SensitivityCategory.BENEFITS_FINANCES),
                paths.get("Composition.section[living-situation].section[work-and-benefits].text").labels());
        assertTrue(paths.containsKey("Composition.section[goals].entry"));
        assertTrue(paths.containsKey("Composition.section[communication].section[trauma-informed].text"));
        // the engine's covering rule: a section covers its text and sub-sections, not its siblings
        assertTrue(Scope.covers("Composition.section[health-and-wellbeing]", trauma + ".text"));
        assertFalse(Scope.covers("Composition.section[health]", trauma));
    }

    @Test
    void observationsAreNamedByCodeAndChoiceTypesByBaseName() {
        List<ObjectNode> obs = TestPassports.all(TestPassports.named("jean-whitfield"), "Observation");
        ObjectNode wemwbs = obs.stream().filter(o -> PathKeys.root(o).equals("Observation[wemwbs]")).findFirst()
                .orElseThrow();
        Map<String, ElementPath> paths = byPath(wemwbs);
        assertTrue(paths.containsKey("Observation[wemwbs].value"), paths.keySet().toString());
        assertTrue(paths.containsKey("Observation[wemwbs].effective"));
        assertFalse(paths.keySet().stream().anyMatch(p -> p.contains("valueInteger")));
        assertEquals(Optional.of(StorySection.MEASURES), paths.get("Observation[wemwbs].value").section());
    }

    @Test
    void inlineLabelOnARepeatingElement() {
        ObjectNode ptsd = TestPassports.all(TestPassports.named("gareth-pryce"), "Condition").get(0);
        Map<String, ElementPath> paths = byPath(ptsd);
        assertEquals(Set.of(SensitivityCategory.TRAUMA), paths.get("Condition.note[sensitive-note]").labels());
        assertEquals(Set.of(), paths.get("Condition.note[0]").labels());
        assertEquals(Set.of(), paths.get("Condition.code").labels());
    }

    @Test
    void pathsSurviveUpdatesOfTheResource() {
        ObjectNode patient = TestPassports.first(TestPassports.named("delroy-campbell"), "Patient");
        Set<String> before = Set.copyOf(ElementPaths.paths(patient));
        // an update: a new phone number first in the list, the email changed, a new extension, fields reordered
        ArrayNode telecom = (ArrayNode) patient.get("telecom");
        ObjectNode landline = telecom.insertObject(0);
        landline.put("system", "fax");
        landline.put("value", "020 7946 0000");
        ((ObjectNode) telecom.get(2)).put("value", "new.address@example.net");
        patient.set("gender", patient.remove("gender"));
        Set<String> after = Set.copyOf(ElementPaths.paths(patient));
        assertTrue(after.containsAll(before),
                () -> "lost: " + before.stream().filter(p -> !after.contains(p)).toList());
        assertTrue(after.contains("Patient.telecom[fax]"));
    }

    @Test
    void compositionBecomesOneItemPerSection() {
        ObjectNode bundle = TestPassports.named("kayleigh-brennan");
        ObjectNode story = TestPassports.first(bundle, "Composition");
        ResourceItems items = ResourceItems.of("kayleigh-brennan", story,
                Map.of("Composition.section[living-situation]", List.of("dispute-1")));
        assertEquals("", items.anchors().get(0));
        assertEquals(Optional.empty(), items.items().get(0).section());
        DataItem living = items.items().get(items.anchors().indexOf("Composition.section[living-situation]"));
        assertEquals(Optional.of(StorySection.LIVING_SITUATION), living.section());
        assertEquals(List.of("dispute-1"), living.openDisputes());
        assertTrue(
                living.elements().stream().allMatch(e -> e.path().startsWith("Composition.section[living-situation]")));

        ObjectNode abuse = TestPassports.all(bundle, "Condition").get(1);
        DataItem cond = ResourceItems.of("kayleigh-brennan", abuse).items().get(0);
        assertEquals(Set.of(SensitivityCategory.SAFEGUARDING), cond.categories());
        assertEquals(Origin.PROFESSIONAL_ENTERED, cond.origin());
    }

    @Test
    void statutoryGatewayDataIsMarkedAsSuch() {
        ObjectNode bundle = TestPassports.named("gareth-pryce");
        ObjectNode dwp = TestPassports.all(bundle, "Observation").stream()
                .filter(o -> PathKeys.root(o).equals("Observation[work-and-benefits]")).findFirst().orElseThrow();
        DataItem item = ResourceItems.of("gareth-pryce", dwp).items().get(0);
        assertEquals(Origin.STATUTORY_GATEWAY, item.origin());
        assertEquals(Optional.of(StorySection.LIVING_SITUATION), item.section());
        assertEquals(Set.of(SensitivityCategory.BENEFITS_FINANCES), item.categories());
    }
}
