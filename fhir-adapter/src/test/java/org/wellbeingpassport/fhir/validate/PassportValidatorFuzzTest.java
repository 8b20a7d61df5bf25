package org.wellbeingpassport.fhir.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.wellbeingpassport.fhir.Fhir;

/**
 * Fuzzing FHIR JSON at the door: a whole passport (a Bundle, as POST /me/passport takes it) and single resources (as
 * PUT /me/passport/{type}/{id}, POST /passports/{id}/entries and the partner writes take them) go through
 * {@link PassportValidator#validate(String)}. Whatever the bytes, it answers with a report (never throws: an exception
 * there is a 500), every issue has a location and a message, and what it calls valid is a JSON object with a
 * resourceType that the callers' next step ({@link Fhir#tree(String)}) reads. Seeds: PassportValidatorFuzzTestInputs/
 * (the example passport and one of each resource type in it). Messages name no class (they go out in 422s).
 */
class PassportValidatorFuzzTest {
    static final java.util.regex.Pattern INTERNALS = java.util.regex.Pattern.compile(
            "\\b(java|javax|com\\.google|com\\.fasterxml|ca\\.uhn|org\\.wellbeingpassport)\\.[a-z]+\\.[\\w.]*[A-Z]\\w*|\\w+Exception\\b");

    @FuzzTest(maxDuration = "60s")
    void passports(byte[] input) {
        check(new String(input, StandardCharsets.UTF_8));
    }

    @FuzzTest(maxDuration = "60s")
    void resources(byte[] input) {
        check(new String(input, StandardCharsets.UTF_8));
    }

    private static void check(String json) {
        ValidationReport report = PassportValidator.shared().validate(json);
        for (Issue i : report.issues()) {
            assertNotNull(i.severity());
            assertNotNull(i.location());
            assertNotNull(i.message());
            // the messages go out in 422 bodies: no parser's or validator's class names
            assertFalse(INTERNALS.matcher(i.message()).find(), "internals in an issue: " + i.message());
        }
        if (report.valid()) {
            ObjectNode tree = Fhir.tree(json);
            assertFalse(tree.path("resourceType").asText().isEmpty(), "valid but no resourceType: " + json);
            assertEquals(tree, Fhir.tree(Fhir.write(tree)), "valid but does not survive a write and a read");
        }
    }
}
