package org.wellbeingpassport.fhir.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.fhir.Fhir;
import org.wellbeingpassport.fhir.TestPassports;
import org.wellbeingpassport.fhir.codes.CodeSystems;

/**
 * The pooled validators of {@link InstanceValidatorPool} (2026-12-03, issue 18): each parses with its own profile
 * utilities instead of new ones per document, and a caller finding every pooled validator busy waits for one instead
 * of building its own. Neither may change an answer: a validator that has validated more than a thousand valid
 * documents (and so was replaced once, {@link InstanceValidatorPool#MAX_USES}) still refuses an unknown element and an
 * extension its definition does not allow, with their paths, and says of an extension no one defines what HAPI's own
 * path says; and many threads at once get the answers one thread gets, without building a validator for
 * one call.
 */
class InstanceValidatorPoolTest {
    private static PassportValidator validator;
    private static String validGoal;
    private static String unknownElement;
    private static String unknownExtension;
    private static String extensionOfTheWrongType;

    @BeforeAll
    static void setUp() {
        validator = TestPassports.validator();
        assertTrue(validator.reusesInstanceValidators(), "the pooled path is the one under test");
        ObjectNode goal = TestPassports.first(TestPassports.named("jean-whitfield"), "Goal");
        validGoal = Fhir.write(goal);
        ObjectNode withElement = goal.deepCopy();
        withElement.put("favouriteColour", "blue");
        unknownElement = Fhir.write(withElement);
        ObjectNode withExtension = goal.deepCopy();
        // an extension in HL7's own space that HL7 does not define: refused even though other domains' are allowed
        ((ArrayNode) withExtension.withArray("extension")).addObject()
                .put("url", "http://hl7.org/fhir/StructureDefinition/no-such-extension").put("valueBoolean", true);
        unknownExtension = Fhir.write(withExtension);
        ObjectNode wrongType = goal.deepCopy();
        // one of our extensions with a value its definition does not allow (asserted-on is a dateTime)
        ((ArrayNode) wrongType.withArray("extension")).addObject().put("url", CodeSystems.EXT_ASSERTED_ON)
                .put("valueBoolean", true);
        extensionOfTheWrongType = Fhir.write(wrongType);
    }

    private static List<String> errorPaths(ValidationReport r) {
        return r.errors().stream().filter(i -> i.rule().equals("base-r4")).map(Issue::location).toList();
    }

    @Test
    void stillRefusesUnknownElementsAndExtensionsAfterThousandsOfValidDocuments() {
        ValidationReport element = validator.validate(unknownElement);
        ValidationReport extension = validator.validate(extensionOfTheWrongType);
        ValidationReport elsewhere = validator.validate(unknownExtension);
        assertFalse(element.valid());
        assertFalse(extension.valid());
        assertTrue(errorPaths(element).stream().anyMatch(p -> p.startsWith("Goal")), element.errors().toString());
        assertTrue(errorPaths(extension).stream().anyMatch(p -> p.startsWith("Goal.extension")),
                extension.errors().toString());
        // more valid documents than one validator is used for: whichever validators answer below were used before
        for (int i = 0; i < InstanceValidatorPool.MAX_USES + 200; i++) {
            assertTrue(validator.validate(validGoal).valid(), "valid document " + i);
        }
        ValidationReport elementAfter = validator.validate(unknownElement);
        ValidationReport extensionAfter = validator.validate(extensionOfTheWrongType);
        assertEquals(element.issues(), elementAfter.issues());
        assertEquals(extension.issues(), extensionAfter.issues());
        assertEquals(elsewhere.issues(), validator.validate(unknownExtension).issues());
        // and the same as HAPI's own path, which builds its validator and its parser for the call
        for (String d : List.of(unknownElement, extensionOfTheWrongType, unknownExtension)) {
            assertEquals(validator.hapiPerCall(d),
                    validator.validate(d).issues().stream().filter(i -> i.rule().equals("base-r4")).toList());
        }
    }

    @Test
    void manyThreadsAtOnceGetOneThreadsAnswersAndWaitForPooledValidators() throws Exception {
        List<String> documents = List.of(validGoal, unknownElement, extensionOfTheWrongType, unknownExtension);
        List<List<Issue>> expected = new ArrayList<>();
        for (String d : documents) {
            expected.add(validator.validate(d).issues());
        }
        int threads = 4 * InstanceValidatorPool.MAX_IDLE;
        long builtBefore = validator.validatorsBuiltForOneCall();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int k = 0; k < 12; k++) {
                        int d = (first + k) % documents.size();
                        assertEquals(expected.get(d), validator.validate(documents.get(d)).issues(), "document " + d);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        // the callers beyond the pool waited for a pooled validator: none built its own for its call
        assertEquals(0, validator.validatorsBuiltForOneCall() - builtBefore, "validators built for one call by "
                + threads + " threads; the pool holds " + InstanceValidatorPool.MAX_IDLE);
    }
}
