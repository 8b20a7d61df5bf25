package org.wellbeingpassport.fhir.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.fhir.Fhir;
import org.wellbeingpassport.fhir.TestPassports;
import org.wellbeingpassport.fhir.example.ExamplePassports;

/**
 * Issue 18: {@link PassportValidator} reuses HAPI's InstanceValidators ({@link InstanceValidatorPool}) instead of
 * HAPI building one per call. This proves the base-R4 issues are the same as HAPI's own per-call path
 * ({@link PassportValidator#hapiPerCall}) on a corpus of valid resources (every resource of every example passport,
 * whole passports, our code systems) and invalid ones (the invalid cases of PassportValidatorTest, NarrativeRulesTest
 * and ScoreRangeTest's kind, and more), each validated several times, in shuffled orders, on reused validators and
 * from several threads at once: state one validation left behind would show as a difference in a later one.
 */
class ValidatorEquivalenceTest {
    private static final String OPEN = "<div xmlns=\"http://www.w3.org/1999/xhtml\">";
    private static PassportValidator validator;
    private static Map<String, String> corpus;

    @BeforeAll
    static void setUp() {
        validator = TestPassports.validator();
        assertTrue(validator.reusesInstanceValidators(), "the reused path is the one under test");
        corpus = corpus();
    }

    private static Map<String, String> corpus() {
        Map<String, String> c = new LinkedHashMap<>();
        for (ExamplePassports.NamedResident n : ExamplePassports.named()) {
            for (Bundle.BundleEntryComponent e : n.passport().getEntry()) {
                Resource r = e.getResource();
                c.put(n.key() + " " + r.fhirType() + "/" + r.getIdPart(), Fhir.encode(r));
            }
        }
        c.put("passport jean-whitfield", Fhir.encode(ExamplePassports.named("jean-whitfield").passport()));
        c.put("passport generated 3", Fhir.encode(ExamplePassports.generated(3)));
        Conformance.codeSystems().forEach(cs -> c.put("CodeSystem " + cs.getId(), Fhir.encode(cs)));

        // invalid: PassportValidatorTest's cases
        Composition story = (Composition) ExamplePassports.named("delroy-campbell").passport().getEntry().stream()
                .filter(e -> e.getResource() instanceof Composition).findFirst().orElseThrow().getResource();
        story.getSection().get(0).getAuthor().clear();
        story.getSection().get(1).getCode().getCodingFirstRep().setCode("housing");
        c.put("invalid: section without author, unknown section codes", Fhir.encode(story));
        Patient p = (Patient) ExamplePassports.named("jean-whitfield").passport().getEntryFirstRep().getResource();
        p.getIdentifierFirstRep().setValue("9990000019");
        c.put("invalid: NHS number check digit", Fhir.encode(p));
        String patient = Fhir
                .encode(ExamplePassports.named("jean-whitfield").passport().getEntryFirstRep().getResource());
        c.put("invalid: unknown gender code", patient.replace("\"gender\":\"female\"", "\"gender\":\"not-a-gender\""));
        c.put("invalid: unparseable", "{\"resourceType\":\"Patient\",\"birthDate\":");
        c.put("invalid: not JSON", "hello");
        c.put("invalid: an array", "[]");
        c.put("invalid: empty object", "{}");
        c.put("invalid: unknown resource type", "{\"resourceType\":\"Nonsense\",\"id\":\"x\"}");
        c.put("invalid: unknown element", patient.replace("{\"resourceType\":\"Patient\",",
                "{\"resourceType\":\"Patient\",\"favouriteColour\":\"blue\","));
        c.put("invalid: bad birth date",
                patient.replaceAll("\"birthDate\":\"[^\"]*\"", "\"birthDate\":\"31/02/1960\""));
        c.put("invalid: number where a string goes", patient.replaceAll("\"family\":\"[^\"]*\"", "\"family\":42"));
        c.put("invalid: profile that does not exist", patient.replace("{\"resourceType\":\"Patient\",",
                "{\"resourceType\":\"Patient\",\"meta\":{\"profile\":[\"https://example.org/no-such-profile\"]},"));
        c.put("invalid: Observation without status or code",
                "{\"resourceType\":\"Observation\",\"id\":\"o1\",\"valueInteger\":3}");
        c.put("invalid: Goal with an unknown lifecycle status",
                "{\"resourceType\":\"Goal\",\"id\":\"g1\",\"lifecycleStatus\":\"sort-of\","
                        + "\"description\":{\"text\":\"walk\"},\"subject\":{\"reference\":\"Patient/x\"}}");
        c.put("invalid: a score out of range",
                "{\"resourceType\":\"Observation\",\"id\":\"o2\",\"status\":\"final\",\"code\":{\"coding\":[{\"system\":"
                        + "\"http://loinc.org\",\"code\":\"89708-7\"}]},\"valueQuantity\":{\"value\":99.5}}");
        // NarrativeRulesTest's kind: active content in a narrative; and a narrative that is not XHTML at all
        for (String div : List.of(OPEN + "<p>hi</p><script>alert(1)</script></div>",
                OPEN + "<a href=\"javascript:alert(1)\">click</a></div>", "<p>not in a div</p>",
                OPEN + "<p>unclosed</div>")) {
            ObjectNode n = TestPassports.first(TestPassports.named("nasreen-akhtar"), "Patient");
            n.putObject("text").put("status", "generated").put("div", div);
            c.put("invalid: narrative " + div, Fhir.write(n));
        }
        ObjectNode goal = TestPassports.first(TestPassports.named("jean-whitfield"), "Goal");
        ((ArrayNode) goal.withArray("extension")).addObject().put("url", "https://example.org/unknown")
                .put("valueBoolean", true);
        c.put("extension of unknown url on a Goal", Fhir.write(goal));
        ObjectNode bundle = TestPassports.named("nasreen-akhtar");
        ((ObjectNode) bundle.withArray("entry").get(0).get("resource")).put("gender", "sometimes");
        c.put("invalid: a passport with one bad entry", Fhir.write(bundle));
        return c;
    }

    private static List<Issue> baseR4(ValidationReport r) {
        return r.issues().stream().filter(i -> i.rule().equals("base-r4")).toList();
    }

    /** HAPI's per-call issues, the reference; the whole report's other rules do not depend on the path. */
    private static List<Issue> reference(String json) {
        try {
            return validator.hapiPerCall(json);
        } catch (RuntimeException e) {
            // what PassportValidator says when HAPI cannot read the document at all (issue 17: never the parser's
            // own message, which names its classes): the same words whichever path refused it
            return List.of(new Issue(Issue.Severity.FATAL, "(document)",
                    "could not be validated: the document is not a FHIR resource in well-formed JSON", "base-r4"));
        }
    }

    @Test
    void theCorpusHasValidAndInvalidResources() {
        long invalid = corpus.values().stream().filter(j -> !validator.validate(j).valid()).count();
        assertTrue(invalid >= 15, invalid + " invalid");
        assertTrue(corpus.size() - invalid >= 40, corpus.size() - invalid + " valid");
    }

    @Test
    void reusedValidatorsGiveHapisIssuesInEveryOrder() {
        Map<String, List<Issue>> expected = new LinkedHashMap<>();
        corpus.forEach((k, json) -> expected.put(k, reference(json)));
        List<String> keys = new ArrayList<>(corpus.keySet());
        Random random = new Random(18);
        for (int round = 0; round < 3; round++) {
            for (String k : keys) {
                assertEquals(expected.get(k), baseR4(validator.validate(corpus.get(k))), k);
            }
            Collections.shuffle(keys, random);
        }
    }

    @Test
    void theSameFromManyThreadsAtOnce() throws Exception {
        Map<String, List<Issue>> expected = new LinkedHashMap<>();
        corpus.forEach((k, json) -> expected.put(k, reference(json)));
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                List<String> keys = new ArrayList<>(corpus.keySet());
                Collections.shuffle(keys, new Random(t));
                done.add(pool.submit(() -> {
                    for (String k : keys) {
                        assertEquals(expected.get(k), baseR4(validator.validate(corpus.get(k))), k);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void parsedResourcesToo() {
        for (ExamplePassports.NamedResident n : ExamplePassports.named()) {
            for (Bundle.BundleEntryComponent e : n.passport().getEntry()) {
                String json = Fhir.context().newJsonParser().encodeResourceToString(e.getResource());
                assertEquals(reference(json), baseR4(validator.validate(e.getResource())),
                        n.key() + " " + e.getResource().fhirType());
            }
        }
    }
}
