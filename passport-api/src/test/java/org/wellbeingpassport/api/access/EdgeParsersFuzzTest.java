package org.wellbeingpassport.api.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import org.wellbeingpassport.api.http.Problem;

/**
 * Fuzzing the access flows' edge parsers: request bodies (every field reader the routes use) and typed share codes.
 * A body either parses or is refused with a Problem (a 4xx); nothing else may escape, since anything else is a 500.
 * Seeds: EdgeParsersFuzzTestInputs/.
 */
class EdgeParsersFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void requestBodies(FuzzedDataProvider data) {
        String field = data.pickValue(new String[]{"sections", "purpose", "purposes", "minutes", "uses", "until",
                "reason", "code", "nhsNumber", "birthDate", "name"});
        String body = data.consumeRemainingAsString();
        try {
            ObjectNode node = Bodies.parse(body);
            Bodies.optionalText(node, field, 500);
            Bodies.optionalSections(node, field);
            Bodies.optionalDate(node, field);
            Bodies.integer(node, field, 1, 720, 5);
            Bodies.purposes(node, field);
            Bodies.sections(node, field);
            Bodies.purpose(node, field);
            Bodies.text(node, field, 500);
        } catch (Problem expected) {
            int status = expected.status().getCode();
            assertTrue(status >= 400 && status < 500, "a refusal is a 4xx: " + status);
        }
    }

    @FuzzTest(maxDuration = "60s")
    void typedShareCodes(FuzzedDataProvider data) {
        String typed = data.consumeRemainingAsString();
        Optional<String> code = ShareCodes.normalise(typed);
        code.ifPresent(c -> {
            assertEquals(ShareCodes.LENGTH, c.length(), c);
            assertTrue(c.chars().allMatch(ch -> new String(ShareCodes.ALPHABET).indexOf(ch) >= 0), c);
            // a canonical code is its own canonical form, and so is its display form
            assertEquals(code, ShareCodes.normalise(c));
            assertEquals(code, ShareCodes.normalise(ShareCodes.display(c)));
        });
    }
}
